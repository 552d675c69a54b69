package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.ChunkPut;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The body of {@code POST /chunks/_batch} ({@link ChunkApi#BATCH}): several chunks in one request,
 * each framed so the node can stream it to disk and answer for it alone.
 *
 * <pre>
 * batch  = magic "HSB1" (4 bytes) · count (u32) · count × chunk
 * chunk  = id length n (u8, 1..200) · id (n ASCII bytes) · flags (u8; bit 0: a SHA-256 follows)
 *          · data length (u64) · CRC32C of the data (u32) · [SHA-256 of the data (32 bytes)] · data
 * </pre>
 * Integers big-endian. The count comes first so a node refuses a batch over its limit before it reads
 * a chunk; every chunk carries its CRC32C so damage on the way fails that chunk only (400, nothing
 * stored for it). Pure: no network.
 */
public final class ChunkBatchFraming {
    static final int MAGIC = 0x48534231; // "HSB1"
    private static final int FLAG_SHA256 = 1;
    private static final int MAX_ID = 255;

    private ChunkBatchFraming() {
    }

    /** The body as pieces — the prelude and each frame header, with the chunks' own arrays between them, not copied. */
    public static List<byte[]> encode(List<ChunkPut> puts) {
        List<byte[]> pieces = new ArrayList<>(2 * puts.size() + 1);
        pieces.add(ByteBuffer.allocate(8).putInt(MAGIC).putInt(puts.size()).array());
        for (ChunkPut put : puts) {
            byte[] id = put.chunkId().getBytes(StandardCharsets.US_ASCII);
            if (id.length == 0 || id.length > MAX_ID) {
                throw StoreException.badRequest("chunk id of " + id.length + " bytes cannot be framed");
            }
            byte[] sha = put.sha256Hex() == null || put.sha256Hex().isEmpty() ? null
                    : HexFormat.of().parseHex(put.sha256Hex().toLowerCase(Locale.ROOT));
            CRC32C crc = new CRC32C();
            crc.update(put.data());
            ByteBuffer header = ByteBuffer.allocate(1 + id.length + 1 + 8 + 4 + (sha == null ? 0 : 32));
            header.put((byte) id.length).put(id).put((byte) (sha == null ? 0 : FLAG_SHA256)).putLong(put.data().length)
                    .putInt((int) crc.getValue());
            if (sha != null) {
                header.put(sha);
            }
            pieces.add(header.array());
            pieces.add(put.data());
        }
        return pieces;
    }

    /** One chunk's frame header; its {@code length} data bytes follow in {@link Reader#data()}. */
    public record Frame(String chunkId, long length, String crc32cHex, String sha256Hex) {
    }

    /**
     * Reads a batch body frame by frame. A body that breaks the framing (bad magic, ends inside a
     * frame) is a BAD_REQUEST for the whole batch; a count over {@code maxCount} is refused
     * (PAYLOAD_TOO_LARGE) before any chunk is read.
     */
    public static final class Reader {
        private final DataInputStream in;
        private final int count;
        private int read;
        private Bounded current;

        public Reader(InputStream body, int maxCount) {
            this.in = new DataInputStream(body);
            try {
                if (in.readInt() != MAGIC) {
                    throw StoreException.badRequest("not a chunk batch (expected magic HSB1)");
                }
                this.count = in.readInt();
            } catch (IOException e) {
                throw broken("its prelude", e);
            }
            if (count < 0 || count > maxCount) {
                throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "batch of " + Integer.toUnsignedString(count)
                        + " chunks exceeds the maximum of " + maxCount);
            }
        }

        public int count() {
            return count;
        }

        /** The next frame (skipping what the caller left unread of the previous chunk's data); null after the last. */
        public Frame next() {
            try {
                if (current != null) {
                    current.skipRest();
                }
                if (read == count) {
                    return null;
                }
                int idLength = in.readUnsignedByte();
                byte[] id = in.readNBytes(idLength);
                if (idLength == 0 || id.length < idLength) {
                    throw StoreException.badRequest("batch chunk " + read + ": bad or cut id");
                }
                int flags = in.readUnsignedByte();
                long length = in.readLong();
                long crc = Integer.toUnsignedLong(in.readInt());
                String sha = null;
                if ((flags & FLAG_SHA256) != 0) {
                    byte[] digest = new byte[32];
                    in.readFully(digest);
                    sha = HexFormat.of().formatHex(digest);
                }
                if (length < 0) {
                    throw StoreException.badRequest("batch chunk " + read + ": negative length");
                }
                read++;
                current = new Bounded(in, length);
                return new Frame(new String(id, StandardCharsets.US_ASCII), length, Long.toHexString(crc), sha);
            } catch (IOException e) {
                throw broken("chunk " + read, e);
            }
        }

        /** The current chunk's data: exactly its length, then end of stream; the body ending sooner is an IOException. */
        public InputStream data() {
            return current;
        }

        private static StoreException broken(String where, IOException e) {
            return new StoreException(ErrorCode.BAD_REQUEST, "batch body ended or failed in " + where + ": "
                    + (e instanceof EOFException ? "end of body" : e.getMessage()), e);
        }
    }

    /** {@code remaining} bytes of the body, no more. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("batch body ended with " + remaining + " bytes of a chunk missing");
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            if (remaining == 0) {
                return; // the usual case: the caller read its chunk whole, so no sink buffer for every frame
            }
            byte[] sink = new byte[8192];
            while (remaining > 0) {
                read(sink, 0, (int) Math.min(sink.length, remaining));
            }
        }
    }
}
