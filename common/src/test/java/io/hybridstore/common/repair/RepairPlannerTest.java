package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.placement.RendezvousPlacement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Repair decisions from facts alone: metadata, copy health, live nodes. */
class RepairPlannerTest {

    private final FakeCluster cluster = new FakeCluster(8);
    private final RepairPlanner planner = new RepairPlanner(new RendezvousPlacement());

    private static AuditFacts facts(ObjectMetadata object, Predicate<ChunkLocation> missing, ChunkHealth bad) {
        AuditFacts facts = new AuditFacts();
        Auditor.locations(object).forEach(l -> facts.set(l.nodeId(), l.chunkId(), missing.test(l) ? bad : ChunkHealth.OK));
        return facts;
    }

    private List<NodeInfo> liveWithout(String nodeId) {
        return cluster.nodes.liveNodes().stream().filter(n -> !n.id().equals(nodeId)).toList();
    }

    @Test
    void aHealthyObjectNeedsNothing() {
        ObjectMetadata object = cluster.write("a");
        RepairPlan plan = planner.plan(object, 1, facts(object, l -> false, ChunkHealth.MISSING), cluster.nodes.liveNodes());
        assertTrue(plan.healthy());
        assertTrue(plan.noCopies());
        assertTrue(plan.updatedMetadata(RepairOutcome.nothing(), 5).isEmpty(), "nothing to write for a clean object");
    }

    @Test
    void copiesOfADeadNodeGoToDistinctLiveNodesThatHoldNoCopyOfThePart() {
        int checked = 0;
        for (int i = 0; i < 50; i++) {
            ObjectMetadata object = cluster.write("k" + i);
            String dead = object.hot().replicas().get(1).nodeId();
            RepairPlan plan = planner.plan(object, 1, facts(object, l -> l.nodeId().equals(dead), ChunkHealth.MISSING), liveWithout(dead));
            assertFalse(plan.lost());
            assertEquals(1, plan.replicaCopies().size());
            RepairPlan.ReplicaCopy copy = plan.replicaCopies().get(0);
            assertEquals(1, copy.index());
            Set<String> holders = new HashSet<>();
            object.hot().replicas().forEach(r -> holders.add(r.nodeId()));
            assertFalse(holders.contains(copy.target().id()), "new home holds no replica yet");
            assertFalse(copy.sources().contains(dead));
            assertEquals(2, copy.sources().size());

            long deadShards = object.cold().shards().stream().filter(s -> s.nodeId().equals(dead)).count();
            if (deadShards > 0) {
                RepairPlan.ShardRebuild rebuild = plan.shardRebuild();
                assertEquals(deadShards, rebuild.targets().size());
                assertEquals(6 - deadShards, rebuild.sources().size());
                Set<String> shardHolders = new HashSet<>();
                object.cold().shards().forEach(s -> shardHolders.add(s.nodeId()));
                rebuild.targets().values().forEach(t -> assertFalse(shardHolders.contains(t.id()) || t.id().equals(dead)));
                checked++;
            }
        }
        assertTrue(checked > 20, "enough objects had a shard on the dead node: " + checked);
    }

    @Test
    void fewerThanKShardsLeftIsLostButUnreachableOnesStillCount() {
        ObjectMetadata object = cluster.write("x");
        List<ChunkLocation> shards = object.cold().shards();
        Set<String> gone = Set.of(shards.get(0).chunkId(), shards.get(1).chunkId(), shards.get(2).chunkId());
        RepairPlan lost = planner.plan(object, 1, facts(object, l -> gone.contains(l.chunkId()), ChunkHealth.MISSING), cluster.nodes.liveNodes());
        assertTrue(lost.coldLost());
        assertFalse(lost.hotLost());
        assertNull(lost.shardRebuild(), "nothing to reconstruct from");
        assertEquals(ObjectState.LOST, lost.updatedMetadata(RepairOutcome.nothing(), 7).orElseThrow().state());

        RepairPlan waiting = planner.plan(object, 1, facts(object, l -> gone.contains(l.chunkId()), ChunkHealth.UNREACHABLE), cluster.nodes.liveNodes());
        assertFalse(waiting.lost(), "a node that does not answer may come back");
        assertTrue(waiting.noCopies(), "unreachable copies are neither sources nor replaced");
        assertTrue(waiting.updatedMetadata(RepairOutcome.nothing(), 7).isEmpty(), "a slow node is not damage: state stays CLEAN");
    }

    @Test
    void noReplicaLeftIsLost() {
        ObjectMetadata object = cluster.write("y");
        String hotId = object.hot().replicas().get(0).chunkId();
        RepairPlan plan = planner.plan(object, 1, facts(object, l -> l.chunkId().equals(hotId), ChunkHealth.CORRUPT), cluster.nodes.liveNodes());
        assertTrue(plan.hotLost());
        assertTrue(plan.replicaCopies().isEmpty());
    }

    @Test
    void withTooFewOtherNodesACorruptCopyIsRestoredInPlace() {
        FakeCluster small = new FakeCluster(6);
        ObjectMetadata object = small.write("z");
        ChunkLocation bad = object.cold().shards().get(3);
        RepairPlan plan = planner.plan(object, 1, facts(object, l -> l.equals(bad), ChunkHealth.CORRUPT), small.nodes.liveNodes());
        assertEquals(Map.of(3, bad.nodeId()), Map.of(3, plan.shardRebuild().targets().get(3).id()),
                "all 6 nodes hold a shard: the only home is the node whose copy went bad");
    }

    @Test
    void theUpdatedRecordMovesRepairedCopiesAndConfirmsPendingOnes() {
        ObjectMetadata written = cluster.write("p");
        ChunkLocation pending = written.hot().replicas().get(2);
        ObjectMetadata object = new ObjectMetadata(written.key(), written.version(), ObjectState.DIRTY, written.fieldOrder(),
                new io.hybridstore.common.model.HotPart(written.hot().sha256(), written.hot().size(),
                        List.of(written.hot().replicas().get(0), written.hot().replicas().get(1), pending.storedAt(0))),
                written.cold(), List.of(), List.of(pending.nodeId()), written.createdAt(), written.updatedAt());
        ChunkLocation dead = object.cold().shards().get(5);
        RepairPlan plan = planner.plan(object, 9, facts(object, l -> l.equals(dead), ChunkHealth.MISSING), liveWithout(dead.nodeId()));
        NodeInfo target = plan.shardRebuild().targets().get(5);

        ObjectMetadata partial = plan.updatedMetadata(RepairOutcome.nothing(), 100).orElseThrow();
        assertEquals(ObjectState.DIRTY, partial.state(), "shard 5 is still missing");
        assertEquals(100, partial.hot().replicas().get(2).storedAtMillis(), "the present pending replica is confirmed");
        assertEquals(List.of(pending.nodeId()), partial.failedNodes(), "breadcrumbs kept while degraded");

        ObjectMetadata done = plan.updatedMetadata(new RepairOutcome(Map.of(), Map.of(0, Map.of(5, target)), 10, List.of()), 200).orElseThrow();
        assertEquals(ObjectState.CLEAN, done.state());
        assertEquals(target.id(), done.cold().shards().get(5).nodeId());
        assertEquals(200, done.cold().shards().get(5).storedAtMillis());
        assertEquals(dead.chunkId(), done.cold().shards().get(5).chunkId(), "chunk ids are content-derived: unchanged");
        assertTrue(done.failedNodes().isEmpty());
        // The object was not modified: its modification time (S3's LastModified, the catalogue's modified index) stays.
        assertEquals(written.updatedAt(), partial.updatedAt());
        assertEquals(written.updatedAt(), done.updatedAt());
        assertEquals(withoutState(IndexEntries.of(object)), withoutState(IndexEntries.of(done)), "a repair changes no index entry but the state's");
        assertTrue(IndexEntries.of(object).contains("state/dirty/p") && !IndexEntries.of(done).contains("state/dirty/p"));
    }

    private static List<String> withoutState(java.util.Collection<String> entries) {
        return entries.stream().filter(e -> !e.startsWith("state/")).sorted().toList();
    }

    @Test
    void placementKeyIsTheCommonBaseOfThePartsChunkIds() {
        ObjectMetadata object = cluster.write("q");
        assertEquals(object.hot().replicas().get(0).chunkId(), RepairPlanner.placementKey(object.hot().replicas()));
        assertEquals("c-" + object.cold().sha256() + "-4-2", RepairPlanner.placementKey(object.cold().shards()));
    }

    @Test
    void copiesNoNodeWasLiveForArePlacedOnceNodesAreLive() {
        ObjectMetadata written = cluster.write("short");
        List<ChunkLocation> shards = new java.util.ArrayList<>(written.cold().shards());
        shards.set(4, ChunkLocation.unplaced(4, shards.get(4).chunkId()));
        shards.set(5, ChunkLocation.unplaced(5, shards.get(5).chunkId()));
        io.hybridstore.common.model.ColdPart c = written.cold();
        ObjectMetadata object = written.withCopies(written.hot(),
                List.of(new io.hybridstore.common.model.ColdPart(c.sha256(), c.size(), c.k(), c.m(), c.shardSize(), shards)),
                ObjectState.DIRTY);
        // Even facts that call every listed copy OK cannot make an unplaced one present.
        RepairPlan plan = planner.plan(object, 3, facts(object, l -> false, ChunkHealth.MISSING), cluster.nodes.liveNodes());
        assertFalse(plan.lost());
        Map<Integer, NodeInfo> targets = plan.shardRebuild().targets();
        assertEquals(Set.of(4, 5), targets.keySet());
        Set<String> holders = new HashSet<>();
        shards.subList(0, 4).forEach(l -> holders.add(l.nodeId()));
        targets.values().forEach(t -> assertFalse(holders.contains(t.id()), "a new home holds no shard of the part"));
        assertEquals(2, new HashSet<>(targets.values()).size());

        ObjectMetadata done = plan.updatedMetadata(new RepairOutcome(Map.of(), Map.of(0, targets), 10, List.of()), 50).orElseThrow();
        assertEquals(ObjectState.CLEAN, done.state());
        assertTrue(done.cold().shards().stream().allMatch(l -> l.placed() && l.stored()));
        assertEquals(6, done.cold().shards().stream().map(ChunkLocation::nodeId).distinct().count());
    }

    @Test
    void aFullNodeIsNeverARepairTarget() {
        int checked = 0;
        for (int i = 0; i < 30; i++) {
            ObjectMetadata object = cluster.write("f" + i);
            String dead = object.cold().shards().get(0).nodeId();
            AuditFacts facts = facts(object, l -> l.nodeId().equals(dead), ChunkHealth.MISSING);
            // The node placement picks for shard 0 when every node has room: make exactly that one full.
            String preferred = planner.plan(object, 1, facts, liveWithout(dead)).shardRebuild().targets().get(0).id();
            List<NodeInfo> live = liveWithout(dead).stream()
                    .map(n -> n.id().equals(preferred) ? new NodeInfo(n.id(), n.url(), n.zone(), 100, 100, 1, 0, "test") : n)
                    .toList();
            RepairPlan plan = planner.plan(object, 1, facts, live);
            plan.shardRebuild().targets().values().forEach(t -> assertFalse(t.id().equals(preferred), "full node chosen"));
            plan.replicaCopies().forEach(c -> assertFalse(c.target().id().equals(preferred), "full node chosen"));
            assertEquals(1, plan.shardRebuild().targets().size(), "another node takes the shard");
            checked++;
        }
        assertEquals(30, checked);
    }
}
