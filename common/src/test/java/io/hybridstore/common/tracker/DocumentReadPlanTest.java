package io.hybridstore.common.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.placement.RendezvousPlacement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The first wave of a document read: 3 hot replicas and RS 4+2 shards. Known answers for hand-made
 * placements, and, over many placements the gateway's own placement makes, the plan against a brute
 * force over every replica and every 4 of the shards (fewest nodes, then fewest parity shards).
 */
class DocumentReadPlanTest {

    private static final int K = 4;
    private static final Predicate<String> ALL_LIVE = n -> true;

    private static ChunkLocation hot(int i, String node) {
        return new ChunkLocation(i, node, "h-" + i, 1);
    }

    private static ChunkLocation shard(int i, String node) {
        return new ChunkLocation(i, node, "c-" + i, 1);
    }

    private static List<ChunkLocation> shardsOn(String... nodes) {
        return IntStream.range(0, nodes.length).mapToObj(i -> shard(i, nodes[i])).toList();
    }

    @Test
    void asksTheReplicaThatSharesANodeWithADataShardEvenIfAnotherRanksBetter() {
        List<ChunkLocation> replicas = List.of(hot(0, "n1"), hot(1, "n4"), hot(2, "n7"));
        List<ChunkLocation> shards = shardsOn("n2", "n3", "n4", "n5", "n6", "n8");
        DocumentReadPlan plan = DocumentReadPlan.plan(replicas, List.of("n1", "n7", "n4"), shards, K, ALL_LIVE);

        assertEquals(List.of(hot(1, "n4"), hot(0, "n1"), hot(2, "n7")), plan.hotOrder(), "n4 first, then the rank");
        assertEquals(shards, plan.coldOrder(), "the data shards, then the parity");
        assertEquals(4, plan.nodes());
        assertEquals(List.of(hot(1, "n4"), shard(2, "n4")), plan.firstWave().get("n4"));
    }

    @Test
    void takesAParityShardWhenThatSparesANodeAndNoReplicaSharesOneWithData() {
        List<ChunkLocation> replicas = List.of(hot(0, "n1"), hot(1, "n7"), hot(2, "n8"));
        List<ChunkLocation> shards = shardsOn("n2", "n3", "n4", "n5", "n6", "n7");
        DocumentReadPlan plan = DocumentReadPlan.plan(replicas, List.of("n1", "n7", "n8"), shards, K, ALL_LIVE);

        assertEquals(hot(1, "n7"), plan.hotOrder().getFirst());
        assertEquals(List.of(shard(0, "n2"), shard(1, "n3"), shard(2, "n4"), shard(5, "n7"), shard(3, "n5"), shard(4, "n6")),
                plan.coldOrder(), "three data shards and the parity on n7, then the spares in index order");
        assertEquals(4, plan.nodes(), "4 requests against 5 for the data shards and the best replica");
    }

    @Test
    void leavesCopiesOnDeadNodesAndUnstoredOnesOutOfTheWave() {
        List<ChunkLocation> replicas = List.of(hot(0, "n1"), hot(1, "n4"), new ChunkLocation(2, "n2", "h-2", 0));
        List<ChunkLocation> shards = shardsOn("n2", "n3", "n4", "n5", "n6", "n8");
        DocumentReadPlan plan = DocumentReadPlan.plan(replicas, List.of("n1"), shards, K, n -> !n.equals("n4"));

        assertEquals(List.of(hot(0, "n1"), hot(1, "n4")), plan.hotOrder(), "the dead node's replica last, the unstored one never");
        assertEquals(List.of(shard(0, "n2"), shard(1, "n3"), shard(3, "n5"), shard(4, "n6"), shard(5, "n8"), shard(2, "n4")),
                plan.coldOrder(), "a parity shard stands in for the dead node's data shard; the dead one last");
        assertEquals(Set.of("n1", "n2", "n3", "n5", "n6"), plan.firstWave().keySet());
    }

    @Test
    void takesTwoShardsOfOneNodeInOneRequest() {
        List<ChunkLocation> replicas = List.of(hot(0, "n1"), hot(1, "n2"), hot(2, "n3"));
        List<ChunkLocation> shards = shardsOn("n1", "n2", "n3", "n1", "n2", "n3"); // three nodes hold everything
        DocumentReadPlan plan = DocumentReadPlan.plan(replicas, List.of("n3", "n2", "n1"), shards, K, ALL_LIVE);

        assertEquals(2, plan.nodes(), "a replica and 4 shards from two nodes");
        assertEquals(List.of(0, 2, 3, 5), plan.coldOrder().subList(0, K).stream().map(ChunkLocation::index).toList(),
                "each node holds a parity shard, so two nodes take one; the best-ranked replica's n3, then n1 by index");
        assertEquals(List.of(hot(2, "n3"), shard(2, "n3"), shard(5, "n3")), plan.firstWave().get("n3"));
    }

    @Test
    void aDocumentWithOnlyOnePartPlansThatPart() {
        DocumentReadPlan hotOnly = DocumentReadPlan.plan(List.of(hot(0, "n1"), hot(1, "n2")), List.of("n2", "n1"),
                List.of(), 0, ALL_LIVE);
        assertEquals(List.of(hot(1, "n2"), hot(0, "n1")), hotOnly.hotOrder());
        assertEquals(List.of(), hotOnly.coldOrder());
        assertEquals(1, hotOnly.nodes());

        List<ChunkLocation> shards = shardsOn("n2", "n3", "n4", "n5", "n6", "n8");
        DocumentReadPlan coldOnly = DocumentReadPlan.plan(List.of(), List.of(), shards, K, ALL_LIVE);
        assertEquals(List.of(), coldOnly.hotOrder());
        assertEquals(shards, coldOnly.coldOrder());
        assertEquals(4, coldOnly.nodes());
    }

    /** The gateway's placement of 20,000 documents on 8 nodes: the plan is as good as the brute force, and counts the requests. */
    @Test
    void overManyPlacementsThePlanTouchesTheFewestNodesThenTheFewestParityShards() {
        List<NodeInfo> nodes = IntStream.rangeClosed(1, 8)
                .mapToObj(i -> new NodeInfo("node-" + i, "http://127.0.0.1:" + (9000 + i), null, 1L << 40, 0, 0, 0, "test")).toList();
        RendezvousPlacement placement = new RendezvousPlacement();
        int documents = 20_000;
        int before = 0;
        int after = 0;
        int withParity = 0;
        for (int d = 0; d < documents; d++) {
            List<NodeInfo> hotNodes = placement.choose("h-" + d, nodes, 3);
            List<NodeInfo> coldNodes = placement.choose("c-" + d, nodes, K + 2);
            List<ChunkLocation> replicas = IntStream.range(0, 3).mapToObj(i -> hot(i, hotNodes.get(i).id())).toList();
            List<ChunkLocation> shards = IntStream.range(0, K + 2).mapToObj(i -> shard(i, coldNodes.get(i).id())).toList();
            List<String> ranked = replicas.stream().map(ChunkLocation::nodeId).sorted().toList();

            DocumentReadPlan plan = DocumentReadPlan.plan(replicas, ranked, shards, K, ALL_LIVE);

            int[] best = bruteForce(replicas, shards);
            List<ChunkLocation> wave = plan.coldOrder().subList(0, K);
            int parity = (int) wave.stream().filter(s -> s.index() >= K).count();
            assertEquals(best[0], plan.nodes(), "document " + d);
            assertEquals(best[1], parity, "document " + d);
            assertEquals(plan.nodes(), nodesOf(plan.hotOrder().getFirst(), wave), "the wave is the plan's heads");
            Set<String> oldWay = new HashSet<>(shards.subList(0, K).stream().map(ChunkLocation::nodeId).toList());
            oldWay.add(ranked.getFirst());
            before += oldWay.size();
            after += plan.nodes();
            withParity += parity;
        }
        // Three replicas and six shards on eight nodes always share a node: 4 requests a read; the best
        // replica and the data shards made 5 whenever that replica's node held no data shard.
        assertEquals(4 * documents, after);
        // The best replica's node holds one of the 4 data shards half the time (4 of 8 nodes).
        assertTrue(before > 4.4 * documents && before < 4.6 * documents, "requests before: " + before);
        // Only when no replica shares a node with a data shard (C(4,3)/C(8,3) = 1/14 of placements) is parity asked.
        assertTrue(withParity > documents / 20 && withParity < documents / 10, "reads with a parity shard: " + withParity);
    }

    private static int nodesOf(ChunkLocation replica, List<ChunkLocation> shards) {
        Set<String> n = new HashSet<>();
        n.add(replica.nodeId());
        shards.forEach(s -> n.add(s.nodeId()));
        return n.size();
    }

    /** {fewest nodes, fewest parity shards among those} over every replica and every K of the shards. */
    private static int[] bruteForce(List<ChunkLocation> replicas, List<ChunkLocation> shards) {
        int[] best = {Integer.MAX_VALUE, Integer.MAX_VALUE};
        for (ChunkLocation r : replicas) {
            for (int mask = 0; mask < 1 << shards.size(); mask++) {
                if (Integer.bitCount(mask) != K) {
                    continue;
                }
                List<ChunkLocation> chosen = new ArrayList<>();
                for (int i = 0; i < shards.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        chosen.add(shards.get(i));
                    }
                }
                int n = nodesOf(r, chosen);
                int p = (int) chosen.stream().filter(s -> s.index() >= K).count();
                if (n < best[0] || n == best[0] && p < best[1]) {
                    best = new int[] {n, p};
                }
            }
        }
        return best;
    }

    /**
     * The loop form against the stream form it replaced (session 29): the same orders and the same wave,
     * copy for copy, over the gateway's placements with dead nodes, unstored copies and a copy listed twice.
     */
    @Test
    void agreesWithTheStreamFormItReplacedCopyForCopy() {
        List<NodeInfo> nodes = IntStream.rangeClosed(1, 8)
                .mapToObj(i -> new NodeInfo("node-" + i, "http://127.0.0.1:" + (9000 + i), null, 1L << 40, 0, 0, 0, "test")).toList();
        RendezvousPlacement placement = new RendezvousPlacement();
        java.util.SplittableRandom random = new java.util.SplittableRandom(29);
        int compared = 0;
        int withDeadNode = 0;
        int withoutLiveReplica = 0;
        for (int d = 0; d < 20_000; d++) {
            List<NodeInfo> hotNodes = placement.choose("h-" + d, nodes, 3);
            List<NodeInfo> coldNodes = placement.choose("c-" + d, nodes, K + 2);
            List<ChunkLocation> replicas = new ArrayList<>(IntStream.range(0, 3)
                    .mapToObj(i -> new ChunkLocation(i, hotNodes.get(i).id(), "h-" + i, random.nextInt(8) == 0 ? 0 : 1)).toList());
            List<ChunkLocation> shards = new ArrayList<>(IntStream.range(0, K + 2)
                    .mapToObj(i -> new ChunkLocation(i, coldNodes.get(i).id(), "c-" + i, random.nextInt(8) == 0 ? 0 : 1)).toList());
            if (random.nextInt(10) == 0) {
                shards.add(new ChunkLocation(random.nextInt(K + 2), "node-" + (1 + random.nextInt(8)), "c-x", 1)); // a second copy of one index
            }
            Set<String> dead = new HashSet<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                dead.add("node-" + (1 + random.nextInt(8)));
            }
            Predicate<String> live = n -> !dead.contains(n);
            List<String> ranked = new ArrayList<>(hotNodes.stream().map(NodeInfo::id).toList());
            java.util.Collections.shuffle(ranked, new java.util.Random(d));

            DocumentReadPlan loops = DocumentReadPlan.plan(replicas, ranked, shards, K, live);
            DocumentReadPlan streams = StreamPlan.plan(replicas, ranked, shards, K, live);

            assertEquals(streams, loops, "document " + d);
            compared++;
            withDeadNode += dead.isEmpty() ? 0 : 1;
            withoutLiveReplica += replicas.stream().noneMatch(r -> r.stored() && live.test(r.nodeId())) ? 1 : 0;
        }
        assertEquals(20_000, compared);
        assertTrue(withDeadNode > 5_000, "placements with a dead node: " + withDeadNode);
        assertTrue(withoutLiveReplica > 10, "placements with no live stored replica: " + withoutLiveReplica);
    }

    /**
     * The plan as main computed it before session 29 (streams and capturing comparators), kept as the
     * oracle the loop form must agree with copy for copy.
     */
    private static final class StreamPlan {
        static DocumentReadPlan plan(List<ChunkLocation> replicas, List<String> rankedNodes,
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
}
