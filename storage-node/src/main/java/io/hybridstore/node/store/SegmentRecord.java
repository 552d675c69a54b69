package io.hybridstore.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One record of a segment file (see {@link SegmentLog}): a small chunk's bytes, or a tombstone that
 * ends an earlier one. The header carries everything the index needs, and its own CRC32C, so a scan
 * at start-up rebuilds the index from the records alone and stops at the first header that fails its
 * check: a write torn by a crash.
 *
 * <pre>
 * offset size
 *  0      4   magic "HSSR"
 *  4      1   format version (1)
 *  5      1   kind: 1 put, 2 delete tombstone, 3 quarantine tombstone
 *  6      1   flags: bit 0 = a client SHA-256 is stored
 *  7      1   id length n (1..200, ASCII)
 *  8      4   data length (0 for tombstones)
 * 12      4   CRC32C of the data
 * 16      8   modified time, epoch millis
 * 24     32   SHA-256 the client sent (zeros when none)
 * 56      4   CRC32C of bytes 0..55 and of the id
 * 60      n   id
 * 60+n        data
 * </pre>
 * All integers big-endian. Pure: no I/O.
 */
public record SegmentRecord(Kind kind, String id, int length, int crc32c, long modifiedMillis, byte[] sha256) {
    /** Bytes before the id. */
    public static final int FIXED = 60;
    private static final int MAGIC = 0x48535352; // "HSSR"
    private static final byte VERSION = 1;
    private static final int FLAG_SHA256 = 1;

    public enum Kind {
        PUT(1), DELETE(2), QUARANTINE(3);

        final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        static Kind of(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    public SegmentRecord {
        if (id.isEmpty() || id.length() > ChunkIds.MAX_LENGTH) {
            throw new IllegalArgumentException("id length " + id.length());
        }
        if (length < 0 || (kind != Kind.PUT && length != 0)) {
            throw new IllegalArgumentException(kind + " of " + length + " bytes");
        }
        if (sha256 != null && sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
        }
        sha256 = sha256 == null ? null : sha256.clone();
    }

    public static SegmentRecord put(String id, int length, int crc32c, long modifiedMillis, byte[] sha256) {
        return new SegmentRecord(Kind.PUT, id, length, crc32c, modifiedMillis, sha256);
    }

    /** A delete or quarantine tombstone: the CRC32C of no data. */
    public static SegmentRecord tombstone(Kind kind, String id, long modifiedMillis) {
        return new SegmentRecord(kind, id, 0, 0, modifiedMillis, null);
    }

    public int headerLength() {
        return FIXED + id.length();
    }

    /** Header and data: the bytes this record takes in its segment. */
    public int totalLength() {
        return headerLength() + length;
    }

    public String checksumHex() {
        return Long.toHexString(Integer.toUnsignedLong(crc32c));
    }

    public Optional<String> sha256Hex() {
        return sha256 == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(sha256));
    }

    /** The header followed by {@code data} (which must have {@link #length} bytes): what one append writes. */
    public ByteBuffer encode(byte[] data) {
        return encodeInto(ByteBuffer.allocate(totalLength()), data).flip();
    }

    /**
     * Puts the header and {@code data} at {@code buffer}'s position (a heap buffer with {@link #totalLength}
     * bytes left), so that several records can go to their segment in one write.
     */
    public ByteBuffer encodeInto(ByteBuffer buffer, byte[] data) {
        if (data.length != length) {
            throw new IllegalArgumentException("data has " + data.length + " bytes, header says " + length);
        }
        int start = buffer.position();
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        buffer.putInt(MAGIC).put(VERSION).put(kind.code).put((byte) (sha256 == null ? 0 : FLAG_SHA256)).put((byte) idBytes.length);
        buffer.putInt(length).putInt(crc32c).putLong(modifiedMillis).put(sha256 == null ? new byte[32] : sha256);
        buffer.putInt(headerCrc(buffer.array(), buffer.arrayOffset() + start, idBytes));
        return buffer.put(idBytes).put(data);
    }

    /**
     * The header at {@code buffer}'s position (the position is not moved); empty when fewer bytes than a
     * header remain or they are not a valid header — for a scan, the end of what can be trusted.
     */
    public static Optional<SegmentRecord> decodeHeader(ByteBuffer buffer) {
        int at = buffer.position();
        if (buffer.remaining() < FIXED || buffer.getInt(at) != MAGIC || buffer.get(at + 4) != VERSION) {
            return Optional.empty();
        }
        int idLength = Byte.toUnsignedInt(buffer.get(at + 7));
        if (idLength == 0 || idLength > ChunkIds.MAX_LENGTH || buffer.remaining() < FIXED + idLength) {
            return Optional.empty();
        }
        byte[] fixed = new byte[FIXED];
        byte[] idBytes = new byte[idLength];
        buffer.get(at, fixed).get(at + FIXED, idBytes);
        ByteBuffer b = ByteBuffer.wrap(fixed);
        Kind kind = Kind.of(b.get(5));
        int length = b.getInt(8);
        if (kind == null || b.getInt(56) != headerCrc(fixed, 0, idBytes) || length < 0 || (kind != Kind.PUT && length != 0)) {
            return Optional.empty();
        }
        byte[] sha = (b.get(6) & FLAG_SHA256) != 0 ? Arrays.copyOfRange(fixed, 24, 56) : null;
        String id = new String(idBytes, StandardCharsets.US_ASCII);
        if (!ChunkIds.isValid(id)) {
            return Optional.empty();
        }
        return Optional.of(new SegmentRecord(kind, id, length, b.getInt(12), b.getLong(16), sha));
    }

    private static int headerCrc(byte[] fixed, int offset, byte[] idBytes) {
        CRC32C crc = new CRC32C();
        crc.update(fixed, offset, 56);
        crc.update(idBytes);
        return (int) crc.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentRecord r && r.kind == kind && r.id.equals(id) && r.length == length && r.crc32c == crc32c
                && r.modifiedMillis == modifiedMillis && Arrays.equals(r.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + crc32c;
    }

    @Override
    public String toString() {
        return "SegmentRecord[" + kind + " " + id + ", length=" + length + ", crc32c=" + checksumHex() + ", modified=" + modifiedMillis + "]";
    }
}
