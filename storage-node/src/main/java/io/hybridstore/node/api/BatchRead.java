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

    /** Where the i-th chunk of a reply comes from: the store read on a worker, or the chunks the event loop read already. */
    @FunctionalInterface
    interface Source {
        VerifiedChunk chunk(int index, String id);
    }

    static void write(DiskChunkStore store, List<String> ids, OutputStream out) throws IOException {
        write(ids, (index, id) -> store.read(id), out);
    }

    /** The reply of chunks read and verified before (all found): the same frames as the store's. */
    static void write(List<String> ids, List<VerifiedChunk> chunks, OutputStream out) throws IOException {
        write(ids, (index, id) -> chunks.get(index), out);
    }

    private static void write(List<String> ids, Source source, OutputStream out) throws IOException {
        ChunkReadFraming.Writer reply = new ChunkReadFraming.Writer(out, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            VerifiedChunk chunk;
            try {
                chunk = source.chunk(i, id); // verified before any of its bytes go out
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
