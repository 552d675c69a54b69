package io.hybridstore.common.repair;

import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Carries out a {@link RepairPlan}: reads from healthy holders, checks the bytes end to end against
 * the metadata's SHA-256 of each part (a node's own checksum only proves the node stored what it
 * was given), and writes the new copies. Every read and write first takes its bytes from the rate
 * limiter. A failure of one copy (or one stripe) is recorded and the others go on; the metadata
 * then names what was done.
 */
public final class RepairExecutor {

    private static final System.Logger LOG = System.getLogger(RepairExecutor.class.getName());

    private final ChunkStore chunks;
    private final ByteRateLimiter limiter;
    private final Reconstruction reconstruction = new Reconstruction();

    public RepairExecutor(ChunkStore chunks, ByteRateLimiter limiter) {
        this.chunks = chunks;
        this.limiter = limiter;
    }

    /** Runs the plan; stops before the next read or write once {@code leader} turns false. */
    public RepairOutcome execute(RepairPlan plan, Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        Map<Integer, NodeInfo> replicas = new HashMap<>();
        Map<Integer, Map<Integer, NodeInfo>> shards = new HashMap<>();
        List<String> failures = new ArrayList<>();
        Set<String> damaged = new HashSet<>();
        long written = 0;
        ObjectMetadata object = plan.metadata();
        if (!plan.replicaCopies().isEmpty()) {
            // All replicas share one chunk id and content: read once, write each missing copy.
            RepairPlan.ReplicaCopy first = plan.replicaCopies().get(0);
            byte[] data = readReplica(object, first, live, failures, damaged);
            if (data != null) {
                for (RepairPlan.ReplicaCopy copy : plan.replicaCopies()) {
                    if (leader.getAsBoolean() && write(copy.target(), copy.chunkId(), data, object.hot().sha256(), failures)) {
                        replicas.put(copy.index(), copy.target());
                        written += data.length;
                    }
                }
            }
        }
        // Copies put during this run. Equal stripes of the first stripe format (a zero-filled file)
        // share content-derived shard ids and hence placement: their rebuilds name the same (node,
        // chunk), made once.
        Set<String> put = new HashSet<>();
        List<ColdPart> coded = object.codedParts();
        // One part at a time, so memory holds one part's k+m shards however many stripes a blob has.
        for (RepairPlan.ShardRebuild rebuild : plan.shardRebuilds()) {
            if (rebuild.targets().isEmpty() || !leader.getAsBoolean()) {
                continue;
            }
            ColdPart part = coded.get(rebuild.part());
            Map<Integer, NodeInfo> stored = new HashMap<>();
            if (rebuild.targets().entrySet().stream()
                    .allMatch(t -> put.contains(AuditFacts.copyKey(t.getValue().id(), part.shards().get(t.getKey()).chunkId())))) {
                stored.putAll(rebuild.targets());
            } else {
                String name = RepairPlan.partName(object, rebuild.part());
                byte[][] all = reconstruct(object.key(), name, part, rebuild, live, failures, damaged);
                if (all != null) {
                    for (var target : rebuild.targets().entrySet()) {
                        byte[] shard = all[target.getKey()];
                        String chunkId = part.shards().get(target.getKey()).chunkId();
                        if (leader.getAsBoolean() && write(target.getValue(), chunkId, shard, sha256(shard), failures)) {
                            stored.put(target.getKey(), target.getValue());
                            put.add(AuditFacts.copyKey(target.getValue().id(), chunkId));
                            written += shard.length;
                        }
                    }
                }
            }
            shards.put(rebuild.part(), stored);
        }
        return new RepairOutcome(replicas, shards, written, failures, damaged);
    }

    private byte[] readReplica(ObjectMetadata object, RepairPlan.ReplicaCopy copy, Map<String, NodeInfo> live,
            List<String> failures, Set<String> damaged) throws InterruptedException {
        for (String source : copy.sources()) {
            NodeInfo node = live.get(source);
            if (node == null) {
                continue;
            }
            try {
                limiter.acquire(object.hot().size());
                byte[] data = chunks.get(node, copy.chunkId());
                if (sha256(data).equals(object.hot().sha256())) {
                    return data;
                }
                LOG.log(System.Logger.Level.WARNING, object.key() + ": replica on " + source + " does not match the hot SHA-256");
                damaged.add(AuditFacts.copyKey(source, copy.chunkId()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, object.key() + ": cannot read replica from " + source + ": " + e.getMessage());
                noteDamage(e, source, copy.chunkId(), damaged);
            }
        }
        failures.add("no readable replica of " + copy.chunkId() + " among " + copy.sources());
        return null;
    }

    /**
     * Any k healthy shards of one coded part → all k+m, or null when fewer than k could be read or
     * the result fails that part's checksums (per-shard CRC32Cs or the SHA-256 of the whole).
     */
    private byte[][] reconstruct(String key, String name, ColdPart part, RepairPlan.ShardRebuild rebuild,
            Map<String, NodeInfo> live, List<String> failures, Set<String> damaged) throws InterruptedException {
        int total = part.k() + part.m();
        byte[][] shards = new byte[total][];
        boolean[] present = new boolean[total];
        int have = 0;
        for (var source : rebuild.sources().entrySet()) {
            if (have == part.k()) {
                break;
            }
            NodeInfo node = live.get(source.getValue());
            if (node == null) {
                continue;
            }
            String chunkId = part.shards().get(source.getKey()).chunkId();
            try {
                limiter.acquire(part.shardSize());
                byte[] shard = chunks.get(node, chunkId);
                if (!Reconstruction.sourceMatches(part, source.getKey(), shard)) {
                    LOG.log(System.Logger.Level.WARNING, key + ": " + name + " shard " + source.getKey() + " on " + node.id()
                            + " is not the shard written (" + shard.length + " bytes, expected " + part.shardSize()
                            + ", or another CRC32C)");
                    damaged.add(AuditFacts.copyKey(node.id(), chunkId));
                    continue;
                }
                shards[source.getKey()] = shard;
                present[source.getKey()] = true;
                have++;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, key + ": cannot read " + name + " shard " + source.getKey() + " from "
                        + node.id() + ": " + e.getMessage());
                noteDamage(e, node.id(), chunkId, damaged);
            }
        }
        if (have < part.k()) {
            failures.add(name + ": only " + have + " of " + part.k() + " shards readable");
            return null;
        }
        String wrong = reconstruction.rebuild(part, name, shards, present);
        if (wrong != null) {
            failures.add(wrong);
            return null;
        }
        return shards;
    }

    private boolean write(NodeInfo target, String chunkId, byte[] data, String sha256, List<String> failures)
            throws InterruptedException {
        try {
            limiter.acquire(data.length);
            chunks.put(target, chunkId, data, sha256);
            return true;
        } catch (RuntimeException e) {
            failures.add("put " + chunkId + " on " + target.id() + ": " + e.getMessage());
            return false;
        }
    }

    /** CORRUPT and NOT_FOUND say the copy itself is bad; a timeout or an unavailable node says nothing about it. */
    private static void noteDamage(RuntimeException e, String nodeId, String chunkId, Set<String> damaged) {
        if (e instanceof StoreException store && saysCopyIsBad(store.code())) {
            damaged.add(AuditFacts.copyKey(nodeId, chunkId));
        }
    }

    static boolean saysCopyIsBad(ErrorCode code) {
        return code == ErrorCode.CORRUPT || code == ErrorCode.NOT_FOUND;
    }

    static String sha256(byte[] data) {
        return Sha256.hex(data);
    }
}
