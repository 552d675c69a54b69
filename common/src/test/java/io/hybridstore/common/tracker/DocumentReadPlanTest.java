package io.hybridstore.common.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.placement.RendezvousPlacement;
import java.util.ArrayList;
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
}
