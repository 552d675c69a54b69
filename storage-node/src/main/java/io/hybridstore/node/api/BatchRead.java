package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.ChunkReadFraming;
import io.hybridstore.node.store.DiskChunkStore;
import io.hybridstore.node.store.VerifiedChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** {@code POST /chunks/_batch-get}: writes each chunk's frame as it reads and verifies the chunk. */
final class BatchRead {
    private BatchRead() {
    }

    static void write(DiskChunkStore store, List<String> ids, OutputStream out) throws IOException {
        ChunkReadFraming.Writer reply = new ChunkReadFraming.Writer(out, ids.size());
        for (String id : ids) {
            VerifiedChunk chunk;
            try {
                chunk = store.read(id); // verified before any of its bytes go out
            } catch (StoreException e) {
                reply.failed(id, e.code());
                continue;
            } catch (RuntimeException e) {
                reply.failed(id, ErrorCode.INTERNAL);
                continue;
            }
            try (chunk) {
                reply.found(id, chunk.info().size(), Long.parseUnsignedLong(chunk.info().crc32cHex(), 16));
                chunk.writeTo(reply.data());
            }
        }
        reply.finish();
    }
}
