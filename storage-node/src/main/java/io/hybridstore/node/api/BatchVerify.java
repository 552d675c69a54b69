package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkVerdictFraming;
import io.hybridstore.node.store.ChunkIds;
import io.hybridstore.node.store.DiskChunkStore;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code POST /chunks/_verify}: the healer's scrub of many chunks in one request, each read whole and
 * checked as {@code POST /chunks/{id}/_verify} does (a corrupt one quarantined), with the CRC32C of
 * each OK one. Runs on a worker thread: every id is a read from disk.
 */
final class BatchVerify {
    private static final Logger LOG = Logger.getLogger(BatchVerify.class);

    private BatchVerify() {
    }

    /**
     * The verdicts ({@link ChunkVerdictFraming}) of {@code ids}, in order. Too many ids, or one that is
     * not an id, refuse the whole request before any read (413, 400); a chunk the node fails to check
     * (a disk error) is that chunk's verdict, FAILED, and its neighbours are checked all the same.
     */
    static byte[] answer(DiskChunkStore store, List<String> ids) {
        if (ids.size() > ChunkApi.MAX_VERIFY_IDS) {
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, ids.size() + " chunks exceed the " + ChunkApi.MAX_VERIFY_IDS
                    + " of one verify request");
        }
        ids.forEach(ChunkIds::require);
        List<VerifyOutcome> outcomes = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                outcomes.add(store.check(id));
            } catch (StoreException e) {
                LOG.warnf(e, "verify of chunk %s failed: answered FAILED %s", id, e.code());
                outcomes.add(VerifyOutcome.failed(id, e.code()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "verify of chunk %s failed unexpectedly: answered FAILED INTERNAL", id);
                outcomes.add(VerifyOutcome.failed(id, ErrorCode.INTERNAL));
            }
        }
        return ChunkVerdictFraming.encode(outcomes);
    }
}
