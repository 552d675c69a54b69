package io.hybridstore.node.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The fixed 64-byte header at the start of every chunk file; the data follows it. Keeping the
 * checksum inside the chunk file (rather than in a sidecar) is what makes one rename publish data
 * and checksum together: there is no moment where one exists without the other.
 *
 * <pre>
 * offset size
 *  0      4   magic "HSCK"
 *  4      1   format version (1)
 *  5      1   flags: bit 0 = a client SHA-256 is stored
 *  6      2   reserved (0)
 *  8      8   data length in bytes
 * 16      4   CRC32C of the data
 * 20      4   reserved (0)
 * 24     32   SHA-256 the client sent (zeros when none)
 * 56      4   reserved (0)
 * 60      4   CRC32C of bytes 0..59 (so a flipped header byte is caught, not trusted)
 * </pre>
 * All integers big-endian.
 */
public record ChunkHeader(long length, int crc32c, byte[] sha256) {
    public static final int SIZE = 64;
    private static final int MAGIC = 0x4853434B; // "HSCK"
    private static final byte VERSION = 1;
    private static final int FLAG_SHA256 = 1;

    public ChunkHeader {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (sha256 != null && sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
        }
        sha256 = sha256 == null ? null : sha256.clone();
    }

    /** The checksum as hybridstore reports it (same form as the in-memory fake): lower-case hex, unpadded. */
    public String checksumHex() {
        return Long.toHexString(Integer.toUnsignedLong(crc32c));
    }

    public Optional<String> sha256Hex() {
        return sha256 == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(sha256));
    }

    public ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        buffer.putInt(MAGIC).put(VERSION).put((byte) (sha256 == null ? 0 : FLAG_SHA256)).putShort((short) 0);
        buffer.putLong(length).putInt(crc32c).putInt(0);
        buffer.put(sha256 == null ? new byte[32] : sha256).putInt(0);
        buffer.putInt(headerCrc(buffer.array()));
        return buffer.flip();
    }

    /** Parses a header; empty when the bytes are not a valid header (the chunk is then corrupt). */
    public static Optional<ChunkHeader> decode(ByteBuffer buffer) {
        if (buffer.remaining() < SIZE) {
            return Optional.empty();
        }
        byte[] bytes = new byte[SIZE];
        buffer.get(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(0) != MAGIC || b.get(4) != VERSION || b.getInt(60) != headerCrc(bytes)) {
            return Optional.empty();
        }
        long length = b.getLong(8);
        if (length < 0) {
            return Optional.empty();
        }
        byte[] sha = (b.get(5) & FLAG_SHA256) != 0 ? Arrays.copyOfRange(bytes, 24, 56) : null;
        return Optional.of(new ChunkHeader(length, b.getInt(16), sha));
    }

    private static int headerCrc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 60);
        return (int) crc.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkHeader h && h.length == length && h.crc32c == crc32c && Arrays.equals(h.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(length) * 31 + crc32c;
    }

    @Override
    public String toString() {
        return "ChunkHeader[length=" + length + ", crc32c=" + checksumHex() + ", sha256=" + sha256Hex().orElse("-") + "]";
    }
}
