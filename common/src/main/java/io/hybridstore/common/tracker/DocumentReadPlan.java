package io.hybridstore.common.tracker;

import io.hybridstore.common.model.ChunkLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        List<ChunkLocation> hotRanked = rankReplicas(replicas, rankedNodes, live);
        List<ChunkLocation> shardCandidates = distinctStored(shards);
        List<ChunkLocation> liveShards = shardCandidates.stream().filter(s -> live.test(s.nodeId())).toList();
        List<Option> options = new ArrayList<>();
        List<ChunkLocation> liveReplicas = hotRanked.stream().filter(r -> live.test(r.nodeId())).toList();
        if (liveReplicas.isEmpty()) {
            options.add(Option.of(null, 0, liveShards, k));
        }
        for (int rank = 0; rank < liveReplicas.size(); rank++) {
            options.add(Option.of(liveReplicas.get(rank), rank, liveShards, k));
        }
        Option best = options.stream().min(Comparator.comparingInt(Option::nodeCount)
                .thenComparingInt(Option::parity).thenComparingInt(Option::rank)).orElseThrow();

        List<ChunkLocation> hotOrder = new ArrayList<>();
        if (best.replica() != null) {
            hotOrder.add(best.replica());
        }
        hotRanked.stream().filter(r -> !r.equals(best.replica())).forEach(hotOrder::add);
        List<ChunkLocation> coldOrder = new ArrayList<>(best.shards());
        // The spares in index order, those on live nodes first (the others fail at once).
        shardCandidates.stream().filter(s -> !best.shards().contains(s) && live.test(s.nodeId())).forEach(coldOrder::add);
        shardCandidates.stream().filter(s -> !best.shards().contains(s) && !live.test(s.nodeId())).forEach(coldOrder::add);

        Map<String, List<ChunkLocation>> firstWave = new LinkedHashMap<>();
        if (best.replica() != null) {
            firstWave.computeIfAbsent(best.replica().nodeId(), n -> new ArrayList<>()).add(best.replica());
        }
        best.shards().forEach(s -> firstWave.computeIfAbsent(s.nodeId(), n -> new ArrayList<>()).add(s));
        firstWave.replaceAll((n, copies) -> List.copyOf(copies));
        return new DocumentReadPlan(List.copyOf(hotOrder), List.copyOf(coldOrder), Map.copyOf(firstWave));
    }

    /** Stored replicas on live nodes in rank order, then the others (they fail at once; asked last). */
    private static List<ChunkLocation> rankReplicas(List<ChunkLocation> replicas, List<String> rankedNodes,
                                                    Predicate<String> live) {
        List<ChunkLocation> stored = replicas.stream().filter(ChunkLocation::stored).toList();
        List<ChunkLocation> order = new ArrayList<>();
        for (String nodeId : rankedNodes) {
            stored.stream().filter(r -> r.nodeId().equals(nodeId) && live.test(nodeId) && !order.contains(r))
                    .findFirst().ifPresent(order::add);
        }
        stored.stream().filter(r -> !order.contains(r)).forEach(order::add);
        return order;
    }

    /** One stored shard per index, in index order: data shards before parity. */
    private static List<ChunkLocation> distinctStored(List<ChunkLocation> shards) {
        Map<Integer, ChunkLocation> byIndex = new java.util.TreeMap<>();
        for (ChunkLocation s : shards) {
            if (s.stored()) {
                byIndex.putIfAbsent(s.index(), s);
            }
        }
        return List.copyOf(byIndex.values());
    }

    /** A replica (or none) and the k shards that go with it at the fewest nodes. */
    private record Option(ChunkLocation replica, int rank, List<ChunkLocation> shards, int nodeCount, int parity) {

        /**
         * Shards on the replica's node come free; then whole nodes, those holding the most shards first
         * (fewest nodes to reach k), fewer parity shards and then lower indexes breaking ties; on a node
         * with more shards than are still needed, the lowest indexes (data first).
         */
        static Option of(ChunkLocation replica, int rank, List<ChunkLocation> liveShards, int k) {
            Map<String, List<ChunkLocation>> byNode = new LinkedHashMap<>();
            liveShards.forEach(s -> byNode.computeIfAbsent(s.nodeId(), n -> new ArrayList<>()).add(s));
            List<List<ChunkLocation>> groups = new ArrayList<>(byNode.values());
            String free = replica == null ? null : replica.nodeId();
            groups.sort(Comparator.comparing((List<ChunkLocation> g) -> !g.getFirst().nodeId().equals(free))
                    .thenComparing(g -> -g.size())
                    .thenComparingLong(g -> g.stream().filter(s -> s.index() >= k).count())
                    .thenComparingInt(g -> g.getFirst().index()));
            List<ChunkLocation> chosen = new ArrayList<>();
            Set<String> nodes = new LinkedHashSet<>();
            if (free != null) {
                nodes.add(free);
            }
            for (List<ChunkLocation> group : groups) {
                for (ChunkLocation s : group) { // each group in index order: data first
                    if (chosen.size() < k) {
                        chosen.add(s);
                        nodes.add(s.nodeId());
                    }
                }
            }
            chosen.sort(Comparator.comparingInt(ChunkLocation::index));
            int parity = (int) chosen.stream().filter(s -> s.index() >= k).count();
            return new Option(replica, rank, List.copyOf(chosen), nodes.size(), parity);
        }
    }
}
