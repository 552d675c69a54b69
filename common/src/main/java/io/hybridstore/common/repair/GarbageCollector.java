package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Deletes chunks that no metadata references: leftovers of partial writes, chunks of deleted or
 * overwritten objects, and stale copies on a node that came back after its data was rebuilt
 * elsewhere.
 *
 * <p>Safety rests on two facts. The referenced set comes from a full scan cycle that started at
 * the first key, so every record committed before the scan reached its key is in it. And only
 * chunks modified before {@code cycle start - grace} are candidates: a write puts its chunks
 * before it commits their metadata, and commits within the grace period, so a chunk whose record
 * the scan could have missed is always younger than the cut-off. (This assumes a node refreshes a
 * chunk's modification time when an identical put arrives, since content-derived ids let a new
 * write re-use a chunk that had become garbage.) A write that reuses the previous version's chunks
 * without putting them (dedup) does not refresh them: it commits only over the very record it
 * reused them from (the gateway's {@code ObjectWriter}), so some record of the key references
 * them whenever the scan reads it.
 *
 * <p>Work is spread over passes: each pass lists at most a number of pages and deletes at most a
 * number of chunks, then resumes on the next pass where it stopped.
 *
 * <p>A sweep runs to its end before another starts, and starts at most once per grace period
 * ({@link #offer}). Why: every completed scan cycle used to replace the running sweep, so on a
 * store whose sweep outlasts a cycle (100,000 documents: 900 listing pages at 100 a pass, a cycle
 * every 5 passes) the sweep restarted at the first node for ever, never reached the last ones, and
 * listed the first ones every few minutes; and a store smaller than one pass's scan listed every
 * chunk it holds every pass. A listing page of 1,000 chunks costs its node 16-35 ms of CPU
 * (docs/benchmarks.md, session 24): 0.07 cores of an idle cluster went to sweeps that, on a store
 * younger than the grace, could delete nothing. A chunk waits at most one grace more to be collected.
 */
final class GarbageCollector {

    private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());

    private final ChunkStore chunks;
    private final int listPage;
    private final long everyMillis;
    /** When the last sweep started; none yet: {@link Long#MIN_VALUE}. */
    private long startedAtMillis = Long.MIN_VALUE;
    private ReferencedChunks referenced;
    private long cutoffMillis;
    private final Deque<String> nodesLeft = new ArrayDeque<>();
    private String nodeCursor;

    /** @param every the least time between the starts of two sweeps (the GC grace) */
    GarbageCollector(ChunkStore chunks, int listPage, java.time.Duration every) {
        this.chunks = chunks;
        this.listPage = listPage;
        this.everyMillis = every.toMillis();
    }

    /**
     * A completed scan cycle's referenced set, at {@code nowMillis}: it starts a sweep of {@code nodeIds}
     * unless a sweep is still running or the last one started less than a grace period ago (the set is
     * then dropped; a later cycle brings a fresh one). Continuing an older sweep is as safe as a new
     * one: its cut-off is older still.
     *
     * @return whether a sweep started
     */
    boolean offer(ReferencedChunks complete, long cutoff, List<String> nodeIds, long nowMillis) {
        if (!wantsCycle(nowMillis)) {
            return false;
        }
        startedAtMillis = nowMillis;
        referenced = complete;
        cutoffMillis = cutoff;
        nodesLeft.clear();
        nodesLeft.addAll(nodeIds);
        nodeCursor = null;
        return true;
    }

    boolean sweeping() {
        return referenced != null;
    }

    /** Whether a cycle completed at {@code nowMillis} would start a sweep ({@link #offer} would take it). */
    boolean wantsCycle(long nowMillis) {
        return !sweeping() && (startedAtMillis == Long.MIN_VALUE || nowMillis - startedAtMillis >= everyMillis);
    }

    /** Returns the number of chunks deleted. */
    int sweep(Map<String, NodeInfo> live, int maxPages, int maxDeletes, BooleanSupplier leader) {
        int pages = 0;
        int deleted = 0;
        while (referenced != null && pages < maxPages && deleted < maxDeletes && leader.getAsBoolean()) {
            String nodeId = nodesLeft.peekFirst();
            if (nodeId == null) {
                referenced = null; // sweep complete; the next full cycle brings a fresh set
                break;
            }
            NodeInfo node = live.get(nodeId);
            List<ChunkStore.ChunkStat> page;
            try {
                page = node == null ? List.of() : chunks.list(node, nodeCursor, listPage);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "gc: cannot list " + nodeId + ", skipping it this sweep: " + e.getMessage());
                page = List.of();
            }
            pages++;
            if (page.isEmpty()) {
                nodesLeft.removeFirst();
                nodeCursor = null;
                continue;
            }
            for (ChunkStore.ChunkStat chunk : page) {
                boolean garbage = chunk.modifiedMillis() < cutoffMillis && !referenced.mightContain(nodeId, chunk.chunkId());
                if (garbage) {
                    if (deleted >= maxDeletes || !leader.getAsBoolean()) {
                        return deleted; // the cursor is still before this chunk: the next pass starts with it
                    }
                    try {
                        chunks.delete(node, chunk.chunkId());
                        deleted++;
                        LOG.log(System.Logger.Level.INFO, "gc: deleted unreferenced " + chunk.chunkId() + " on " + nodeId
                                + " (" + chunk.size() + " bytes, modified " + chunk.modifiedMillis() + ")");
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "gc: cannot delete " + chunk.chunkId() + " on " + nodeId + ": " + e.getMessage());
                    }
                }
                nodeCursor = chunk.chunkId();
            }
        }
        return deleted;
    }
}
