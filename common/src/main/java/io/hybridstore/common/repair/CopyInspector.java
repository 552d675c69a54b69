package io.hybridstore.common.repair;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An operator's look at every copy of one object, as it is on the nodes right now (the
 * {@code hybridstore inspect KEY} command): for each hot replica, cold shard and blob stripe shard,
 * whether its node is live, whether the node holds it, and whether its bytes pass their checksum.
 *
 * <p>The node re-reads the chunk and checks its stored checksum ({@link ChunkStore#verify}); a blob
 * stripe shard's CRC32C as the node reports it is also compared with the one the writer recorded,
 * which catches other bytes under the right name. A node that does not answer leaves the copy
 * unknown ({@code present} null), never missing: only the healer's audit decides what to replace.
 * Every call is bounded by the chunk store adapter's timeout, and the copies are checked in parallel.
 *
 * <p>Verifying a corrupt chunk makes its node quarantine it, as scrub would: the healer then
 * rebuilds it like a missing one.
 */
public final class CopyInspector {

    private final ChunkStore chunks;

    public CopyInspector(ChunkStore chunks) {
        this.chunks = chunks;
    }

    /**
     * One copy as found.
     *
     * @param part       {@code hot}, {@code cold} or {@code stripe-N} (N from 0)
     * @param index      replica number or shard index within the part
     * @param stored     whether the record says the copy was acknowledged ({@code storedAtMillis > 0})
     * @param nodeLive   whether the node has a live lease
     * @param present    whether the node holds the chunk; null when the node did not answer
     * @param checksumOk whether its bytes pass their checksum; null when not checked (absent, unknown)
     * @param detail     why a copy is not healthy, else null
     */
    public record Copy(String part, int index, String nodeId, String chunkId, boolean stored, boolean nodeLive,
                       Boolean present, Boolean checksumOk, String detail) {
        public boolean healthy() {
            return Boolean.TRUE.equals(present) && Boolean.TRUE.equals(checksumOk);
        }
    }

    /** Counts over the copies: healthy ones, and the others by why. */
    public record Summary(int copies, int healthy, int missing, int corrupt, int unknown) {
        static Summary of(List<Copy> copies) {
            int healthy = 0;
            int missing = 0;
            int corrupt = 0;
            int unknown = 0;
            for (Copy c : copies) {
                if (c.healthy()) {
                    healthy++;
                } else if (c.present() == null) {
                    unknown++;
                } else if (!c.present()) {
                    missing++;
                } else {
                    corrupt++;
                }
            }
            return new Summary(copies.size(), healthy, missing, corrupt, unknown);
        }
    }

    /** The object's record as stored, and each copy as found: {@code kind} is {@code document} or {@code blob}. */
    public record Inspection(String key, String version, String state, String kind, List<Copy> copies, Summary summary) {
    }

    public Inspection inspect(ObjectMetadata object, Map<String, NodeInfo> live) throws InterruptedException {
        List<Future<Copy>> found = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            if (object.hot() != null) {
                for (ChunkLocation replica : object.hot().replicas()) {
                    found.add(pool.submit(() -> check("hot", replica, null, live)));
                }
            }
            List<ColdPart> coded = object.codedParts();
            for (int p = 0; p < coded.size(); p++) {
                ColdPart part = coded.get(p);
                String name = object.cold() != null && p == 0 ? "cold" : "stripe-" + (object.cold() != null ? p - 1 : p);
                for (ChunkLocation shard : part.shards()) {
                    String crc = part.checkedPerShard() && shard.index() < part.shardCrc32c().size()
                            ? part.shardCrc32c().get(shard.index()) : null;
                    found.add(pool.submit(() -> check(name, shard, crc, live)));
                }
            }
            List<Copy> copies = new ArrayList<>(found.size());
            for (Future<Copy> f : found) {
                copies.add(f.get());
            }
            return new Inspection(object.key(), object.version().toString(), object.state().name(),
                    object.holdsBlob() ? "blob" : "document", copies, Summary.of(copies));
        } catch (ExecutionException e) {
            throw new IllegalStateException("copy check failed", e.getCause()); // check() catches what the store throws
        }
    }

    private Copy check(String part, ChunkLocation at, String expectedCrc32c, Map<String, NodeInfo> live) {
        if (!at.placed()) {
            return copy(part, at, false, false, null, "unplaced: no node was live to take it");
        }
        NodeInfo node = live.get(at.nodeId());
        if (node == null) {
            return copy(part, at, false, false, null, "node not live (no lease)");
        }
        try {
            VerifyResult verified = chunks.verify(node, at.chunkId());
            if (verified == VerifyResult.MISSING) {
                return copy(part, at, true, false, null, "the node does not hold it");
            }
            if (verified == VerifyResult.CORRUPT) {
                return copy(part, at, true, true, false, "checksum mismatch on the node (quarantined)");
            }
            if (expectedCrc32c != null) {
                var stat = chunks.head(node, at.chunkId());
                if (stat.isEmpty()) {
                    return copy(part, at, true, false, null, "the node does not hold it");
                }
                if (!expectedCrc32c.equals(stat.get().checksum())) {
                    return copy(part, at, true, true, false,
                            "CRC32C " + stat.get().checksum() + ", the record says " + expectedCrc32c);
                }
            }
            return copy(part, at, true, true, true, null);
        } catch (StoreException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return copy(part, at, true, false, null, "the node does not hold it");
            }
            return copy(part, at, true, null, null, e.code() + ": " + e.getMessage());
        }
    }

    private static Copy copy(String part, ChunkLocation at, boolean nodeLive, Boolean present, Boolean checksumOk, String detail) {
        return new Copy(part, at.index(), at.nodeId(), at.chunkId(), at.stored(), nodeLive, present, checksumOk, detail);
    }
}
