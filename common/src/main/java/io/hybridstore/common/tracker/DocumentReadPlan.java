package io.hybridstore.common.tracker;

import io.hybridstore.common.model.ChunkLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which copies a document read asks first: one hot replica and k cold shards, chosen to touch as few
 * nodes as possible, so that the chunks bound for one node leave in one batch-get. Why: a read waits
 * for the slowest of its requests, and each request wakes a node JVM on the same two cores; the hot
 * replicas and the cold shards are placed apart (3 and 6 of 8 nodes), so a replica usually shares its
 * node with a shard, and asking that replica saves a request (5 to 4, docs/benchmarks.md session 22).
 *
 * <p>Among the sets of fewest nodes, the one with the fewest parity shards (each one is a
 * Reed-Solomon decode), then the best-ranked replica, then the lowest shard indexes. Only stored
 * copies on live nodes are planned; the rest keep their place behind, for the hedges and spares
 * ({@link HedgedReadTracker}, {@link SpareShardTracker}), which ask the orders' heads first.
 *
 * <p>Pure: given the copies, which nodes are live, and the replicas' nodes ranked best first.
 *
 * @param hotOrder  the hot replicas in the order to ask them (empty when there is no hot part)
 * @param coldOrder the cold shards in the order to ask them: the planned k first, then the spares
 *                  (index order, those on dead nodes last); empty when there is no cold part
 * @param firstWave the planned copies (the hot head and the first k shards), by node, in ask order
 */
public record DocumentReadPlan(List<ChunkLocation> hotOrder, List<ChunkLocation> coldOrder,
                               Map<String, List<ChunkLocation>> firstWave) {

    /** The requests the first wave sends when each node's copies leave in one batch. */
    public int nodes() {
        return firstWave.size();
    }

    /**
     * @param replicas     the hot part's replicas (empty: no hot part); unstored ones are left out
     * @param rankedNodes  live replicas' node ids, best first (the replica statistics' rank)
     * @param shards       the cold part's shards (empty: no cold part); unstored ones are left out
     * @param k            the data shards of the cold part (indexes below k need no decode)
     * @param live         whether a node has a live lease (only those are planned)
     */
    public static DocumentReadPlan plan(List<ChunkLocation> replicas, List<String> rankedNodes,
                                        List<ChunkLocation> shards, int k, Predicate<String> live) {
        // Plain loops, no streams or capturing comparators: this runs on every document read, and the
        // stream form was 8-11 % of the gateway's CPU samples at 32 readers (docs/benchmarks.md, session 29).
        List<ChunkLocation> hotRanked = rankReplicas(replicas, rankedNodes, live);
        List<ChunkLocation> shardCandidates = distinctStored(shards);
        List<ChunkLocation> liveShards = new ArrayList<>(shardCandidates.size());
        for (ChunkLocation s : shardCandidates) {
            if (live.test(s.nodeId())) {
                liveShards.add(s);
            }
        }
        Option best = null;
        int rank = 0;
        for (ChunkLocation r : hotRanked) {
            if (live.test(r.nodeId())) {
                Option option = Option.of(r, rank++, liveShards, k);
                if (best == null || option.betterThan(best)) {
                    best = option;
                }
            }
        }
        if (best == null) {
            best = Option.of(null, 0, liveShards, k);
        }

        List<ChunkLocation> hotOrder = new ArrayList<>(hotRanked.size());
        if (best.replica() != null) {
            hotOrder.add(best.replica());
        }
        for (ChunkLocation r : hotRanked) {
            if (!r.equals(best.replica())) {
                hotOrder.add(r);
            }
        }
        List<ChunkLocation> coldOrder = new ArrayList<>(shardCandidates.size());
        coldOrder.addAll(best.shards());
        // The spares in index order, those on live nodes first (the others fail at once).
        for (ChunkLocation s : shardCandidates) {
            if (!best.shards().contains(s) && live.test(s.nodeId())) {
                coldOrder.add(s);
            }
        }
        for (ChunkLocation s : shardCandidates) {
            if (!best.shards().contains(s) && !live.test(s.nodeId())) {
                coldOrder.add(s);
            }
        }

        Map<String, List<ChunkLocation>> firstWave = new LinkedHashMap<>();
        if (best.replica() != null) {
            firstWave.computeIfAbsent(best.replica().nodeId(), n -> new ArrayList<>(2)).add(best.replica());
        }
        for (ChunkLocation s : best.shards()) {
            firstWave.computeIfAbsent(s.nodeId(), n -> new ArrayList<>(2)).add(s);
        }
        firstWave.replaceAll((n, copies) -> List.copyOf(copies));
        return new DocumentReadPlan(List.copyOf(hotOrder), List.copyOf(coldOrder), Map.copyOf(firstWave));
    }

    /** Stored replicas on live nodes in rank order, then the others (they fail at once; asked last). */
    private static List<ChunkLocation> rankReplicas(List<ChunkLocation> replicas, List<String> rankedNodes,
                                                    Predicate<String> live) {
        List<ChunkLocation> order = new ArrayList<>(replicas.size());
        for (String nodeId : rankedNodes) {
            if (!live.test(nodeId)) {
                continue;
            }
            for (ChunkLocation r : replicas) {
                if (r.stored() && r.nodeId().equals(nodeId) && !order.contains(r)) {
                    order.add(r);
                    break;
                }
            }
        }
        for (ChunkLocation r : replicas) {
            if (r.stored() && !order.contains(r)) {
                order.add(r);
            }
        }
        return order;
    }

    /** One stored shard per index (the first listed), in index order: data shards before parity. */
    private static List<ChunkLocation> distinctStored(List<ChunkLocation> shards) {
        List<ChunkLocation> stored = new ArrayList<>(shards.size());
        for (ChunkLocation s : shards) {
            if (s.stored()) {
                stored.add(s);
            }
        }
        stored.sort(BY_INDEX); // stable: of two copies of one index, the first listed comes first and is kept
        List<ChunkLocation> distinct = new ArrayList<>(stored.size());
        for (ChunkLocation s : stored) {
            if (distinct.isEmpty() || distinct.getLast().index() != s.index()) {
                distinct.add(s);
            }
        }
        return distinct;
    }

    private static final Comparator<ChunkLocation> BY_INDEX = Comparator.comparingInt(ChunkLocation::index);

    /** A replica (or none) and the k shards that go with it at the fewest nodes. */
    private record Option(ChunkLocation replica, int rank, List<ChunkLocation> shards, int nodeCount, int parity) {

        /** Fewer nodes, then fewer parity shards, then the better-ranked replica. */
        boolean betterThan(Option other) {
            if (nodeCount != other.nodeCount) {
                return nodeCount < other.nodeCount;
            }
            if (parity != other.parity) {
                return parity < other.parity;
            }
            return rank < other.rank;
        }

        /**
         * Shards on the replica's node come free; then whole nodes, those holding the most shards first
         * (fewest nodes to reach k), fewer parity shards and then lower indexes breaking ties; on a node
         * with more shards than are still needed, the lowest indexes (data first).
         */
        static Option of(ChunkLocation replica, int rank, List<ChunkLocation> liveShards, int k) {
            String free = replica == null ? null : replica.nodeId();
            List<Group> groups = new ArrayList<>(liveShards.size());
            for (ChunkLocation s : liveShards) { // index order, so each group is in index order too
                Group group = null;
                for (Group g : groups) {
                    if (g.node.equals(s.nodeId())) {
                        group = g;
                        break;
                    }
                }
                if (group == null) {
                    group = new Group(s.nodeId(), s.nodeId().equals(free), s.index());
                    groups.add(group);
                }
                group.shards.add(s);
                if (s.index() >= k) {
                    group.parity++;
                }
            }
            groups.sort(Group.ORDER);
            List<ChunkLocation> chosen = new ArrayList<>(k);
            int nodes = free == null ? 0 : 1;
            for (Group group : groups) {
                boolean used = false;
                for (ChunkLocation s : group.shards) { // data first
                    if (chosen.size() < k) {
                        chosen.add(s);
                        used = true;
                    }
                }
                if (used && !group.free) {
                    nodes++;
                }
            }
            chosen.sort(BY_INDEX);
            int parity = 0;
            for (ChunkLocation s : chosen) {
                if (s.index() >= k) {
                    parity++;
                }
            }
            return new Option(replica, rank, List.copyOf(chosen), nodes, parity);
        }
    }

    /** The live shards of one node, with the keys the option orders nodes by. */
    private static final class Group {
        /**
         * The replica's node first, then more shards, fewer parity shards, the lowest index. Written
         * out: the chained comparator (a boxed boolean and three key extractors per comparison) was
         * most of this plan's share of the gateway's CPU samples at 32 readers (docs/benchmarks.md, session 32).
         */
        static final Comparator<Group> ORDER = (a, b) -> {
            if (a.free != b.free) {
                return a.free ? -1 : 1;
            }
            if (a.shards.size() != b.shards.size()) {
                return Integer.compare(b.shards.size(), a.shards.size());
            }
            if (a.parity != b.parity) {
                return Integer.compare(a.parity, b.parity);
            }
            return Integer.compare(a.firstIndex, b.firstIndex);
        };

        final String node;
        final boolean free;
        final int firstIndex;
        final List<ChunkLocation> shards = new ArrayList<>(2);
        int parity;

        Group(String node, boolean free, int firstIndex) {
            this.node = node;
            this.free = free;
            this.firstIndex = firstIndex;
        }
    }
}
