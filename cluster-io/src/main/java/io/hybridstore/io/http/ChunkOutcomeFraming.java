package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary answer of {@code POST /chunks/_batch} ({@link ChunkApi#BATCH_OUTCOMES_MEDIA_TYPE}), sent
 * when the caller accepts it, and the binary id list of {@code POST /chunks/_batch-get}
 * ({@link ChunkApi#CHUNK_IDS_MEDIA_TYPE}). Why: the JSON of these small bodies, written and read by
 * Jackson on every batch request, was a quarter of a storage node's CPU (docs/benchmarks.md).
 *
 * <pre>
 * outcomes = magic "HSO1" (4 bytes) · count (u32) · count × outcome
 * outcome  = id length n (u8, 1..255) · id (n ASCII bytes) · code length m (u8; 0: stored)
 *            · [m &gt; 0: code (m ASCII bytes, an {@link ErrorCode} name) · detail length d (u16) · detail (d UTF-8 bytes)]
 * ids      = the chunk ids in ASCII, each followed by '\n'
 * </pre>
 * Integers big-endian. The error code travels by name, so a code this reader does not know is
 * INTERNAL rather than a broken answer. Pure: no network.
 */
public final class ChunkOutcomeFraming {
    static final int MAGIC = 0x48534f31; // "HSO1"
    /** A detail longer than this is cut: it is a log line for the caller, not data. */
    static final int MAX_DETAIL = 4096;

    private ChunkOutcomeFraming() {
    }

    /** One chunk's outcome: {@code problem} null when it was stored. */
    public record Outcome(String chunkId, ErrorCode problem, String detail) {
    }

    public static byte[] encode(List<Outcome> outcomes) {
        List<byte[]> ids = new ArrayList<>(outcomes.size());
        List<byte[]> details = new ArrayList<>(outcomes.size());
        int size = 8;
        for (Outcome outcome : outcomes) {
            byte[] id = id(outcome.chunkId());
            ids.add(id);
            size += 2 + id.length;
            if (outcome.problem() != null) {
                byte[] detail = detail(outcome.detail());
                details.add(detail);
                size += outcome.problem().name().length() + 2 + detail.length;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(MAGIC).putInt(outcomes.size());
        int failed = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            out.put((byte) ids.get(i).length).put(ids.get(i));
            if (outcome.problem() == null) {
                out.put((byte) 0);
            } else {
                byte[] code = outcome.problem().name().getBytes(StandardCharsets.US_ASCII);
                byte[] detail = details.get(failed++);
                out.put((byte) code.length).put(code).putShort((short) detail.length).put(detail);
            }
        }
        return out.array();
    }

    /** The outcomes of a whole answer, in order; one that breaks the framing is UNAVAILABLE (the node or the way failed). */
    public static List<Outcome> decode(byte[] answer, String what) {
        ByteBuffer in = ByteBuffer.wrap(answer);
        try {
            if (in.getInt() != MAGIC) {
                throw broken(what, "not a batch answer (expected magic HSO1)");
            }
            int count = in.getInt();
            if (count < 0) {
                throw broken(what, "negative count");
            }
            List<Outcome> outcomes = new ArrayList<>(Math.min(count, 4096));
            for (int i = 0; i < count; i++) {
                String id = ascii(in, in.get() & 0xff);
                int codeLength = in.get() & 0xff;
                if (codeLength == 0) {
                    outcomes.add(new Outcome(id, null, null));
                    continue;
                }
                ErrorCode code = code(ascii(in, codeLength));
                byte[] detail = new byte[in.getShort() & 0xffff];
                in.get(detail);
                outcomes.add(new Outcome(id, code, new String(detail, StandardCharsets.UTF_8)));
            }
            if (in.hasRemaining()) {
                throw broken(what, in.remaining() + " bytes after the last outcome");
            }
            return outcomes;
        } catch (BufferUnderflowException e) {
            throw broken(what, "the answer ends inside an outcome");
        }
    }

    public static byte[] encodeIds(List<String> chunkIds) {
        int size = 0;
        for (String id : chunkIds) {
            size += id.length() + 1;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (String id : chunkIds) {
            out.put(id(id)).put((byte) '\n');
        }
        return out.array();
    }

    /** The ids of a body, each as sent: a body not made of '\n'-ended lines is a BAD_REQUEST; the caller checks each id. */
    public static List<String> decodeIds(byte[] body) {
        if (body.length > 0 && body[body.length - 1] != '\n') {
            throw StoreException.badRequest("chunk id list does not end with a newline");
        }
        List<String> ids = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                ids.add(new String(body, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            }
        }
        return ids;
    }

    private static byte[] id(String chunkId) {
        byte[] id = chunkId.getBytes(StandardCharsets.US_ASCII);
        if (id.length == 0 || id.length > 255) {
            throw StoreException.badRequest("chunk id of " + id.length + " bytes cannot be framed");
        }
        return id;
    }

    private static byte[] detail(String detail) {
        byte[] bytes = (detail == null ? "" : detail).getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_DETAIL) {
            return bytes;
        }
        // Cut on a character boundary: a UTF-8 continuation byte is 10xxxxxx.
        int end = MAX_DETAIL;
        while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    /** An error code by its name; one this reader does not know is INTERNAL (a newer node's: a failure all the same). */
    static ErrorCode code(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            return ErrorCode.INTERNAL; // a newer node's code: a failure all the same
        }
    }

    private static String ascii(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** An answer that breaks its framing: the node or the way failed, UNAVAILABLE. */
    static StoreException broken(String what, String detail) {
        return new StoreException(ErrorCode.UNAVAILABLE, what + ": " + detail);
    }
}
