package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.GetOutcome;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The answer of {@code POST /chunks/_batch-get} ({@link ChunkApi#BATCH_GET}): several chunks in one
 * response, each framed with its own outcome, so a missing or damaged chunk fails alone.
 *
 * <pre>
 * reply  = magic "HSG1" (4 bytes) · count (u32) · count × chunk
 * chunk  = id length n (u8, 1..255) · id (n ASCII bytes) · status (u8: 0 found, 1 not found,
 *          2 corrupt, 3 failed) · data length (u64) · CRC32C of the data (u32) · data
 * </pre>
 * Integers big-endian; a chunk that is not found has length 0. The node writes each chunk as it
 * reads it (a chunk is verified before its first byte goes out); the reader checks every chunk's
 * CRC32C, so damage on the way is that chunk's CORRUPT. Pure: no network. Hand-written like
 * {@link ChunkBatchFraming}, its twin for writes: a few fixed fields, no library needed.
 */
public final class ChunkReadFraming {
    static final int MAGIC = 0x48534731; // "HSG1"
    private static final int FOUND = 0;
    private static final int NOT_FOUND = 1;
    private static final int CORRUPT = 2;
    private static final int FAILED = 3;

    private ChunkReadFraming() {
    }

    /** Writes the reply frame by frame, as the node reads the chunks. */
    public static final class Writer {
        private final DataOutputStream out;

        public Writer(OutputStream out, int count) throws IOException {
            this.out = new DataOutputStream(out);
            this.out.writeInt(MAGIC);
            this.out.writeInt(count);
        }

        /** A found chunk's header; exactly {@code length} data bytes must follow through {@link #data()}. */
        public void found(String chunkId, long length, long crc32c) throws IOException {
            header(chunkId, FOUND, length, crc32c);
        }

        /** A chunk that could not be read, with why. */
        public void failed(String chunkId, ErrorCode error) throws IOException {
            header(chunkId, error == ErrorCode.NOT_FOUND ? NOT_FOUND : error == ErrorCode.CORRUPT ? CORRUPT : FAILED, 0, 0);
        }

        public OutputStream data() {
            return out;
        }

        public void finish() throws IOException {
            out.flush();
        }

        private void header(String chunkId, int status, long length, long crc32c) throws IOException {
            byte[] id = chunkId.getBytes(StandardCharsets.US_ASCII);
            if (id.length == 0 || id.length > 255) {
                throw StoreException.badRequest("chunk id of " + id.length + " bytes cannot be framed");
            }
            out.writeByte(id.length);
            out.write(id);
            out.writeByte(status);
            out.writeLong(length);
            out.writeInt((int) crc32c);
        }
    }

    /**
     * The outcomes of a whole reply, in order. A reply that breaks the framing is UNAVAILABLE (the
     * node or the way failed, not one chunk); a chunk whose bytes do not match its CRC32C is CORRUPT.
     */
    public static List<GetOutcome> decode(byte[] reply, String what) {
        ByteBuffer in = ByteBuffer.wrap(reply);
        try {
            if (in.getInt() != MAGIC) {
                throw broken(what, "not a batch-get reply (expected magic HSG1)");
            }
            int count = in.getInt();
            if (count < 0) {
                throw broken(what, "negative count");
            }
            List<GetOutcome> outcomes = new ArrayList<>(Math.min(count, 4096));
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[in.get() & 0xff];
                in.get(id);
                int status = in.get() & 0xff;
                long length = in.getLong();
                long crc = Integer.toUnsignedLong(in.getInt());
                if (length < 0 || length > in.remaining()) {
                    throw broken(what, "chunk " + i + " claims " + length + " bytes, " + in.remaining() + " remain");
                }
                String chunkId = new String(id, StandardCharsets.US_ASCII);
                byte[] data = new byte[(int) length];
                in.get(data);
                outcomes.add(outcome(chunkId, status, data, crc));
            }
            return outcomes;
        } catch (BufferUnderflowException e) {
            throw broken(what, "the reply ends inside a frame");
        }
    }

    private static GetOutcome outcome(String chunkId, int status, byte[] data, long expectedCrc) {
        return switch (status) {
            case FOUND -> {
                CRC32C crc = new CRC32C();
                crc.update(data);
                yield crc.getValue() == expectedCrc ? GetOutcome.found(chunkId, data) : GetOutcome.failed(chunkId, ErrorCode.CORRUPT);
            }
            case NOT_FOUND -> GetOutcome.failed(chunkId, ErrorCode.NOT_FOUND);
            case CORRUPT -> GetOutcome.failed(chunkId, ErrorCode.CORRUPT);
            default -> GetOutcome.failed(chunkId, ErrorCode.INTERNAL);
        };
    }

    private static StoreException broken(String what, String detail) {
        return new StoreException(ErrorCode.UNAVAILABLE, what + ": " + detail);
    }
}
