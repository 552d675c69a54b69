package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.ChunkApi.BatchOutcome;
import io.hybridstore.io.http.ChunkApi.BatchResponse;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkBatchFraming;
import io.hybridstore.io.http.ChunkOutcomeFraming;
import io.hybridstore.node.store.BatchWrite;
import io.hybridstore.node.store.DiskChunkStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /chunks/_batch}: refuses a body over the limits before reading it, then hands each framed
 * chunk to one {@link BatchWrite} as it arrives and answers once they are all durable.
 */
final class BatchUpload {
    private BatchUpload() {
    }

    static List<BatchWrite.Outcome> store(DiskChunkStore store, InputStream body, long contentLength, long maxBytes, int maxCount) {
        return write(store, body, contentLength, maxBytes, maxCount).commit();
    }

    /** Every framed chunk checked and written, none acknowledged yet: the caller commits the batch. */
    static BatchWrite write(DiskChunkStore store, InputStream body, long contentLength, long maxBytes, int maxCount) {
        if (contentLength > maxBytes) {
            throw tooLarge(contentLength + " bytes", maxBytes);
        }
        ChunkBatchFraming.Reader reader = new ChunkBatchFraming.Reader(new Capped(body, maxBytes), maxCount);
        BatchWrite batch = store.batch(contentLength);
        for (ChunkBatchFraming.Frame frame; (frame = reader.next()) != null; ) {
            batch.add(frame.chunkId(), reader.data(), frame.length(), frame.sha256Hex(), frame.crc32cHex());
        }
        return batch;
    }

    /**
     * The answer: binary ({@link ChunkOutcomeFraming}) for a caller that accepts it, built in one
     * array; JSON for one that predates it.
     */
    static Response answer(List<BatchWrite.Outcome> outcomes, String accept) {
        if (accept != null && accept.contains(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)) {
            return Response.ok(binary(outcomes), ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE).build();
        }
        List<BatchOutcome> json = outcomes.stream().map(o -> o.failure() == null
                ? new BatchOutcome(o.chunkId(), o.stored().toStat(), null, null)
                : new BatchOutcome(o.chunkId(), null, o.failure().code(), o.failure().getMessage())).toList();
        return Response.ok(new BatchResponse(json), MediaType.APPLICATION_JSON).build();
    }

    static byte[] binary(List<BatchWrite.Outcome> outcomes) {
        List<ChunkOutcomeFraming.Outcome> framed = new ArrayList<>(outcomes.size());
        for (BatchWrite.Outcome o : outcomes) {
            framed.add(o.failure() == null ? new ChunkOutcomeFraming.Outcome(o.chunkId(), null, null)
                    : new ChunkOutcomeFraming.Outcome(o.chunkId(), o.failure().code(), o.failure().getMessage()));
        }
        return ChunkOutcomeFraming.encode(framed);
    }

    private static StoreException tooLarge(String what, long maxBytes) {
        return new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "batch body of " + what + " exceeds NODE_BATCH_MAX_BYTES (" + maxBytes + ")");
    }

    /** A body without Content-Length (chunked) is held to the limit as it streams. */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private long read;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLarge("more than " + max + " bytes", max);
            }
        }
    }
}
