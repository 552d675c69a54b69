package io.hybridstore.common.repair;

import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One plan's way through a {@link BatchRepair}: the sources it asks for, round after round, until
 * each part has what it needs (one good replica; k good shards of a coded part) or no source is
 * left; the parts it then rebuilds; the copies it has uploaded; its {@link RepairOutcome}. No I/O
 * here: the batch does the reads and writes for every plan at once and hands each its answers.
 */
final class PlanRun {

    private static final System.Logger LOG = System.getLogger(RepairExecutor.class.getName());

    /** A chunk's answer in a batch read: its bytes, or why not and whether that says the copy itself is bad. */
    record Read(byte[] data, boolean bad, String why) {
        static Read of(byte[] data) {
            return new Read(data, false, null);
        }

        static Read failed(boolean bad, String why) {
            return new Read(null, bad, why);
        }
    }

    /** A new copy to upload: {@code data} as {@code chunkId} on {@code target}. */
    record Copy(NodeInfo target, String chunkId, byte[] data, String sha256) {
    }

    private record Source(int index, String nodeId, String chunkId) {
    }

    /** What one part (the hot replicas, or one coded part) needs from its sources, and what it has. */
    private final class Need {
        final String name;
        final int wanted;
        final long sourceBytes;
        final ColdPart part; // null for the hot replicas
        final ArrayDeque<Source> untried = new ArrayDeque<>();
        final List<Source> asked = new ArrayList<>();
        final Map<Integer, byte[]> got = new TreeMap<>();

        Need(String name, int wanted, long sourceBytes, ColdPart part) {
            this.name = name;
            this.wanted = wanted;
            this.sourceBytes = sourceBytes;
            this.part = part;
        }

        void ask(Map<String, NodeInfo> live, Map<String, Map<String, Long>> wantedByNode) {
            while (got.size() + asked.size() < wanted && !untried.isEmpty()) {
                Source source = untried.poll();
                if (live.containsKey(source.nodeId())) {
                    asked.add(source);
                    wantedByNode.computeIfAbsent(source.nodeId(), n -> new LinkedHashMap<>()).put(source.chunkId(), sourceBytes);
                }
            }
        }

        void take(Map<String, Read> answers) {
            for (Source source : asked) {
                String copy = AuditFacts.copyKey(source.nodeId(), source.chunkId());
                Read read = answers.getOrDefault(copy, Read.failed(false, "no answer"));
                if (read.data() != null && matches(source, read.data())) {
                    got.put(source.index(), read.data());
                } else if (read.data() != null) {
                    LOG.log(System.Logger.Level.WARNING, object.key() + ": " + name + " copy " + source.index() + " on "
                            + source.nodeId() + " is not the one written (" + read.data().length + " bytes, or another checksum)");
                    damaged.add(copy);
                } else {
                    LOG.log(System.Logger.Level.WARNING, object.key() + ": cannot read " + name + " copy " + source.index()
                            + " from " + source.nodeId() + ": " + read.why());
                    if (read.bad()) {
                        damaged.add(copy);
                    }
                }
            }
            asked.clear();
        }

        private boolean matches(Source source, byte[] data) {
            return part == null ? RepairExecutor.sha256(data).equals(object.hot().sha256())
                    : Reconstruction.sourceMatches(part, source.index(), data);
        }
    }

    private final RepairPlan plan;
    private final ObjectMetadata object;
    private final Need hot;
    /** The rebuilds with somewhere to go, and their needs, index for index. */
    private final List<RepairPlan.ShardRebuild> rebuilds = new ArrayList<>();
    private final List<Need> parts = new ArrayList<>();
    private final List<byte[][]> rebuilt = new ArrayList<>();
    private byte[] replica;
    private final List<String> failures = new ArrayList<>();
    private final Set<String> damaged = new HashSet<>();

    PlanRun(RepairPlan plan) {
        this.plan = plan;
        this.object = plan.metadata();
        if (plan.replicaCopies().isEmpty()) {
            hot = null;
        } else {
            // All replicas share one chunk id and content: one good read serves every missing copy.
            RepairPlan.ReplicaCopy first = plan.replicaCopies().get(0);
            hot = new Need("replica " + first.chunkId(), 1, object.hot().size(), null);
            for (String source : first.sources()) {
                hot.untried.add(new Source(hot.untried.size(), source, first.chunkId()));
            }
        }
        for (RepairPlan.ShardRebuild rebuild : plan.shardRebuilds()) {
            if (rebuild.targets().isEmpty()) {
                continue;
            }
            ColdPart part = object.codedParts().get(rebuild.part());
            Need need = new Need(RepairPlan.partName(object, rebuild.part()), part.k(), part.shardSize(), part);
            rebuild.sources().forEach((index, node) -> need.untried.add(new Source(index, node, part.shards().get(index).chunkId())));
            rebuilds.add(rebuild);
            parts.add(need);
        }
    }

    /** What a plan reads and writes at most: how much of the heap its run holds. */
    static long plannedBytes(RepairPlan plan) {
        long bytes = plan.replicaCopies().isEmpty() ? 0 : plan.metadata().hot().size() * (1L + plan.replicaCopies().size());
        for (RepairPlan.ShardRebuild rebuild : plan.shardRebuilds()) {
            ColdPart part = plan.metadata().codedParts().get(rebuild.part());
            bytes += (long) part.shardSize() * (part.k() + part.m());
        }
        return bytes;
    }

    /** Adds the sources this run still lacks to {@code wanted} (node → chunk id → bytes); nothing when it has all it can get. */
    void ask(Map<String, NodeInfo> live, Map<String, Map<String, Long>> wanted) {
        if (hot != null) {
            hot.ask(live, wanted);
        }
        parts.forEach(need -> need.ask(live, wanted));
    }

    /** Takes this run's answers from a round of batch reads (keyed by {@link AuditFacts#copyKey}). */
    void take(Map<String, Read> answers) {
        if (hot != null) {
            hot.take(answers);
        }
        parts.forEach(need -> need.take(answers));
    }

    /** After the last round: the replica to copy, each coded part rebuilt and checked, or what was missing. */
    void rebuild(Reconstruction reconstruction) {
        if (hot != null) {
            replica = hot.got.isEmpty() ? null : hot.got.values().iterator().next();
            if (replica == null) {
                failures.add("no readable replica of " + plan.replicaCopies().get(0).chunkId() + " among "
                        + plan.replicaCopies().get(0).sources());
            }
        }
        for (Need need : parts) {
            ColdPart part = need.part;
            if (need.got.size() < part.k()) {
                failures.add(need.name + ": only " + need.got.size() + " of " + part.k() + " shards readable");
                rebuilt.add(null);
                continue;
            }
            byte[][] shards = new byte[part.k() + part.m()][];
            boolean[] present = new boolean[shards.length];
            need.got.forEach((index, shard) -> {
                shards[index] = shard;
                present[index] = true;
            });
            String wrong = reconstruction.rebuild(part, need.name, shards, present);
            if (wrong != null) {
                failures.add(wrong);
            }
            rebuilt.add(wrong == null ? shards : null);
        }
    }

    /** The copies to upload, once {@link #rebuild} ran. */
    List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        if (replica != null) {
            plan.replicaCopies().forEach(c -> copies.add(new Copy(c.target(), c.chunkId(), replica, object.hot().sha256())));
        }
        for (int r = 0; r < rebuilds.size(); r++) {
            byte[][] shards = rebuilt.get(r);
            if (shards != null) {
                ColdPart part = parts.get(r).part;
                rebuilds.get(r).targets().forEach((index, target) -> copies.add(new Copy(target, part.shards().get(index).chunkId(),
                        shards[index], RepairExecutor.sha256(shards[index]))));
            }
        }
        return copies;
    }

    /**
     * What the run achieved, given the copies the batch writes refused ({@link AuditFacts#copyKey} →
     * why); null when no write was sent (the leadership went first).
     */
    RepairOutcome outcome(Map<String, String> refused) {
        Map<Integer, NodeInfo> replicas = new HashMap<>();
        Map<Integer, Map<Integer, NodeInfo>> shards = new HashMap<>();
        long written = 0;
        if (replica != null && refused != null) {
            for (RepairPlan.ReplicaCopy copy : plan.replicaCopies()) {
                String why = refused.get(AuditFacts.copyKey(copy.target().id(), copy.chunkId()));
                if (why == null) {
                    replicas.put(copy.index(), copy.target());
                    written += replica.length;
                } else {
                    failures.add(why);
                }
            }
        }
        for (int r = 0; r < rebuilds.size(); r++) {
            byte[][] rebuiltShards = rebuilt.get(r);
            if (rebuiltShards == null || refused == null) {
                continue;
            }
            ColdPart part = parts.get(r).part;
            Map<Integer, NodeInfo> stored = new HashMap<>();
            for (var target : rebuilds.get(r).targets().entrySet()) {
                String why = refused.get(AuditFacts.copyKey(target.getValue().id(), part.shards().get(target.getKey()).chunkId()));
                if (why == null) {
                    stored.put(target.getKey(), target.getValue());
                    written += rebuiltShards[target.getKey()].length;
                } else {
                    failures.add(why);
                }
            }
            shards.put(rebuilds.get(r).part(), stored);
        }
        return new RepairOutcome(replicas, shards, written, failures, damaged);
    }
}
