package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
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

/** Plans, updated records and log lines for blobs: every stripe is a coded part of its own. */
class BlobRepairPlanTest {

    private final FakeCluster cluster = new FakeCluster(8);
    private final RepairPlanner planner = new RepairPlanner(new RendezvousPlacement());

    private static AuditFacts facts(ObjectMetadata object, Predicate<ChunkLocation> bad, ChunkHealth health) {
        AuditFacts facts = new AuditFacts();
        Auditor.locations(object).forEach(l -> facts.set(l.nodeId(), l.chunkId(), bad.test(l) ? health : ChunkHealth.OK));
        return facts;
    }

    private List<NodeInfo> liveWithout(String nodeId) {
        return cluster.nodes.liveNodes().stream().filter(n -> !n.id().equals(nodeId)).toList();
    }

    @Test
    void locationsCoverEveryStripeShard() {
        ObjectMetadata blob = cluster.writeStripedBlob("b", 5);
        assertEquals(5 * 6, Auditor.locations(blob).size());
        ObjectMetadata small = cluster.writeSmallBlob("s");
        assertEquals(3, Auditor.locations(small).size());
    }

    @Test
    void eachStripeIsPlannedOnItsOwnWithTargetsOutsideItsHolders() {
        int stripesChecked = 0;
        for (int b = 0; b < 10; b++) {
            ObjectMetadata blob = cluster.writeStripedBlob("b" + b, 4);
            String dead = blob.stripes().get(0).shards().get(2).nodeId();
            RepairPlan plan = planner.plan(blob, 1, facts(blob, l -> l.nodeId().equals(dead), ChunkHealth.MISSING), liveWithout(dead));
            assertFalse(plan.lost());
            assertNull(plan.shardRebuild(), "no cold part: the cold-part shortcut has nothing");
            assertEquals(4, plan.codedHealth().size());
            int expectedRebuilds = 0;
            for (int s = 0; s < 4; s++) {
                ColdPart stripe = blob.stripes().get(s);
                List<Integer> onDead = stripe.shards().stream().filter(l -> l.nodeId().equals(dead)).map(ChunkLocation::index).toList();
                RepairPlan.ShardRebuild rebuild = plan.rebuildOf(s);
                if (onDead.isEmpty()) {
                    assertNull(rebuild, "stripe " + s + " lost nothing");
                    continue;
                }
                expectedRebuilds++;
                assertEquals(s, rebuild.part());
                assertEquals(Set.copyOf(onDead), rebuild.targets().keySet());
                assertEquals(6 - onDead.size(), rebuild.sources().size());
                Set<String> holders = new HashSet<>();
                stripe.shards().forEach(l -> holders.add(l.nodeId()));
                rebuild.targets().values().forEach(t -> assertFalse(holders.contains(t.id()), "new home holds no shard of this stripe"));
                stripesChecked++;
            }
            assertEquals(expectedRebuilds, plan.shardRebuilds().size());
        }
        assertTrue(stripesChecked >= 10, "stripes with a shard on the dead node: " + stripesChecked);
    }

    @Test
    void oneStripeBelowKLosesTheBlobButUnreachableShardsStillCount() {
        ObjectMetadata blob = cluster.writeStripedBlob("x", 3);
        Set<String> gone = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            gone.add(blob.stripes().get(2).shards().get(i).chunkId());
        }
        RepairPlan lost = planner.plan(blob, 1, facts(blob, l -> gone.contains(l.chunkId()), ChunkHealth.MISSING), cluster.nodes.liveNodes());
        assertTrue(lost.lost());
        assertEquals(List.of(2), lost.lostParts());
        assertFalse(lost.coldLost(), "a blob has no cold part");
        assertFalse(lost.hotLost());
        assertNull(lost.rebuildOf(2), "nothing to reconstruct from");
        ObjectMetadata written = lost.updatedMetadata(RepairOutcome.nothing(), 7).orElseThrow();
        assertEquals(ObjectState.LOST, written.state());
        assertEquals(blob.blob(), written.blob());
        assertEquals(blob.stripes(), written.stripes());

        RepairPlan waiting = planner.plan(blob, 1, facts(blob, l -> gone.contains(l.chunkId()), ChunkHealth.UNREACHABLE),
                cluster.nodes.liveNodes());
        assertFalse(waiting.lost(), "a node that does not answer may come back");
        assertTrue(waiting.anyUnreachable());
        assertTrue(waiting.noCopies());
        assertTrue(waiting.updatedMetadata(RepairOutcome.nothing(), 7).isEmpty());
    }

    @Test
    void theUpdatedRecordKeepsBlobAndStripesWhetherDegradedOrClean() {
        ObjectMetadata written = cluster.writeStripedBlob("p", 3);
        ObjectMetadata blob = new ObjectMetadata(written.key(), written.version(), ObjectState.DIRTY, List.of(), null, null,
                List.of(), List.of("node-9"), written.createdAt(), written.updatedAt(), written.blob(), written.stripes());
        ChunkLocation bad0 = blob.stripes().get(0).shards().get(1);
        ChunkLocation bad2 = blob.stripes().get(2).shards().get(4);
        RepairPlan plan = planner.plan(blob, 3, facts(blob, l -> l.equals(bad0) || l.equals(bad2), ChunkHealth.CORRUPT),
                cluster.nodes.liveNodes());
        NodeInfo to0 = plan.rebuildOf(0).targets().get(1);
        NodeInfo to2 = plan.rebuildOf(2).targets().get(4);

        ObjectMetadata partial = plan.updatedMetadata(new RepairOutcome(Map.of(), Map.of(0, Map.of(1, to0)), 10, List.of("x")), 100)
                .orElseThrow();
        assertEquals(ObjectState.DIRTY, partial.state(), "stripe 2 shard 4 is still corrupt");
        assertEquals(blob.blob(), partial.blob());
        assertEquals(3, partial.stripes().size());
        assertEquals(to0.id(), partial.stripes().get(0).shards().get(1).nodeId());
        assertEquals(bad2, partial.stripes().get(2).shards().get(4));
        assertEquals(List.of("node-9"), partial.failedNodes(), "breadcrumbs kept while degraded");

        ObjectMetadata done = plan.updatedMetadata(
                new RepairOutcome(Map.of(), Map.of(0, Map.of(1, to0), 2, Map.of(4, to2)), 20, List.of()), 200).orElseThrow();
        assertEquals(ObjectState.CLEAN, done.state());
        assertEquals(blob.blob(), done.blob());
        assertEquals(to2.id(), done.stripes().get(2).shards().get(4).nodeId());
        assertEquals(200, done.stripes().get(2).shards().get(4).storedAtMillis());
        assertEquals(blob.stripes().get(1), done.stripes().get(1), "an untouched stripe is unchanged");
        assertTrue(done.failedNodes().isEmpty());
        assertNull(done.cold());
    }

    @Test
    void theRepairLogNamesStripeMovesAndPlainShardsForTheColdPart() {
        ObjectMetadata blob = cluster.writeStripedBlob("log-blob", 5);
        ChunkLocation moved = blob.stripes().get(3).shards().get(1);
        NodeInfo to = liveWithout(moved.nodeId()).get(0);
        RepairPlan plan = planner.plan(blob, 1, facts(blob, l -> l.equals(moved), ChunkHealth.MISSING), cluster.nodes.liveNodes());
        String line = RepairLog.describe(blob, plan, new RepairOutcome(Map.of(), Map.of(3, Map.of(1, to)), 250, List.of()),
                ObjectState.CLEAN);
        assertEquals("log-blob v" + blob.version() + " CLEAN->CLEAN moved stripe 3 shard 1 " + moved.nodeId() + "->" + to.id()
                + " (250 bytes)", line);

        ObjectMetadata doc = cluster.write("log-doc");
        ChunkLocation shard = doc.cold().shards().get(5);
        ChunkLocation replica = doc.hot().replicas().get(0);
        RepairPlan docPlan = planner.plan(doc, 1, facts(doc, l -> false, ChunkHealth.MISSING), cluster.nodes.liveNodes());
        String docLine = RepairLog.describe(doc, docPlan,
                new RepairOutcome(Map.of(0, to), Map.of(0, Map.of(5, to)), 99, List.of()), ObjectState.CLEAN);
        assertTrue(docLine.endsWith("moved replica 0 " + replica.nodeId() + "->" + to.id() + ", shard 5 " + shard.nodeId() + "->"
                + to.id() + " (99 bytes)"), docLine);

        RepairPlan lost = planner.plan(blob, 1, facts(blob, l -> blob.stripes().get(4).shards().indexOf(l) >= 0 && l.index() < 3,
                ChunkHealth.MISSING), cluster.nodes.liveNodes());
        assertTrue(RepairLog.describe(blob, lost, RepairOutcome.nothing(), ObjectState.LOST)
                .endsWith(": stripe 4 has fewer than k shards; kept as LOST"));
    }

    @Test
    void theRepairLogNamesAtMostEightItemsAndCountsTheRest() {
        ObjectMetadata blob = cluster.writeStripedBlob("log-wide", 12);
        RepairPlan lost = planner.plan(blob, 1, facts(blob, l -> l.index() < 3, ChunkHealth.MISSING), cluster.nodes.liveNodes());
        String line = RepairLog.describe(blob, lost, RepairOutcome.nothing(), ObjectState.LOST);
        assertTrue(line.endsWith(": stripe 0 has fewer than k shards, stripe 1 has fewer than k shards, stripe 2 has fewer than k shards, "
                + "stripe 3 has fewer than k shards, stripe 4 has fewer than k shards, stripe 5 has fewer than k shards, "
                + "stripe 6 has fewer than k shards, stripe 7 has fewer than k shards and 4 more; kept as LOST"), line);
        assertEquals("a, b", RepairLog.bounded(List.of("a", "b")));
    }
}
