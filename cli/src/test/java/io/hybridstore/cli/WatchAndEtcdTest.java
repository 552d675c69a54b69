package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** watch's healing decision on given readings; etcd's JSON gateway requests and answers; the listing's page shapes. */
class WatchAndEtcdTest {

    private static StatusReport report(List<String> dead, long scanned, long total, long degraded) {
        return new StatusReport("t", new StatusReport.Nodes(8 - dead.size(), dead.size(), 8, dead),
                new StatusReport.Healer("healer-1", "http://h", 2, 2), new StatusReport.Objects(100 - degraded, degraded, 0, scanned, total),
                new StatusReport.Repairs(0, 0, 0), new StatusReport.LastPass(null, 0, 0),
                !dead.isEmpty() || degraded > 0 ? "degraded" : "full");
    }

    @Test
    void healedOnlyOnceACycleCompletedAfterTheStartCountsNothingDegraded() {
        HealWatch w = new HealWatch();
        w.add(new HealWatch.Reading(0, report(List.of(), 40, 100, 0), 10)); // counts of a cycle from before the loss: full
        assertFalse(w.healthy(), "no cycle has completed since the watch began");
        w.add(new HealWatch.Reading(1000, report(List.of(), 90, 100, 0), 11));
        assertFalse(w.healthy());
        w.add(new HealWatch.Reading(2000, report(List.of(), 10, 100, 3), 12)); // the counter fell: a cycle completed, 3 degraded
        assertFalse(w.healthy(), "the completed cycle found damage");
        w.add(new HealWatch.Reading(3000, report(List.of(), 100, 100, 3), 13));
        w.add(new HealWatch.Reading(4000, report(List.of(), 20, 100, 0), 14)); // the next one found none
        assertTrue(w.healthy());
        assertTrue(w.frame().healthy());
        assertTrue(w.lines().get(3).endsWith("redundancy FULL  healed"), w.lines().get(3));
    }

    @Test
    void aStoreScannedInOnePassCompletesACycleEveryPass() {
        HealWatch w = new HealWatch();
        w.add(new HealWatch.Reading(0, report(List.of(), 100, 100, 0), 10));
        w.add(new HealWatch.Reading(1000, report(List.of(), 100, 100, 0), 11));
        assertFalse(w.healthy(), "the pass ending at 11 may have started before the watch");
        w.add(new HealWatch.Reading(2000, report(List.of(), 100, 100, 0), 12));
        assertTrue(w.healthy());
    }

    @Test
    void aDeadNodeIsNeverHealedAndShowsInTheFirstLine() {
        HealWatch w = new HealWatch();
        w.add(new HealWatch.Reading(0, report(List.of("node-3"), 90, 100, 0), 1));
        w.add(new HealWatch.Reading(1000, report(List.of("node-3"), 5, 100, 0), 2));
        assertFalse(w.healthy());
        assertTrue(w.lines().get(0).contains("nodes 7 live, 1 dead (node-3)  leader healer-1"), w.lines().get(0));
        assertTrue(w.lines().get(1).startsWith("scan      [#.............................]   5%  5 of 100 objects"), w.lines().get(1));
    }

    @Test
    void theNodeRangeAsksForEveryKeyUnderThePrefix() {
        String body = EtcdNodes.rangeBody("/hybridstore/nodes/");
        String key = Base64.getEncoder().encodeToString("/hybridstore/nodes/".getBytes(StandardCharsets.UTF_8));
        String end = Base64.getEncoder().encodeToString("/hybridstore/nodes0".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"key\":\"" + key + "\",\"range_end\":\"" + end + "\"}", body);
        assertArrayEquals(new byte[] {'a', 'c'}, EtcdNodes.prefixEnd(new byte[] {'a', 'b', (byte) 0xff}));
        assertArrayEquals(new byte[] {0}, EtcdNodes.prefixEnd(new byte[] {(byte) 0xff}));
    }

    @Test
    void aRangeAnswerDecodesToNodesByIdAndTheMissingOnesAreDead() {
        NodeInfo a = StatusReportTest.node("node-2");
        NodeInfo b = StatusReportTest.node("node-1");
        String answer = "{\"header\":{},\"kvs\":[" + kv(a) + "," + kv(b) + "],\"count\":\"2\"}";

        List<NodeInfo> live = EtcdNodes.decode(answer.getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(b, a), live);
        assertEquals(List.of(), EtcdNodes.decode("{\"header\":{}}".getBytes(StandardCharsets.UTF_8)), "no kvs: no live node");
        assertEquals(List.of("node-3"), EtcdNodes.dead(List.of("node-1", "node-2", "node-3"), live));
        NodesCommand.Listing listing = NodesCommand.listing(List.of("node-1", "node-2", "node-3", "node-10"), live);
        assertEquals(List.of("node-1", "node-2", "node-3", "node-10"), listing.nodes().stream().map(NodesCommand.Row::id).toList());
        assertEquals(2, listing.dead());
    }

    private static String kv(NodeInfo n) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"key\":\"" + b64.encodeToString(("/hybridstore/nodes/" + n.id()).getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\""
                + b64.encodeToString(ModelJson.toBytes(n)) + "\"}";
    }

    @Test
    void listingPagesAreReadInTheShapesAGatewayMayGive() throws Exception {
        var page = Json.mapper().readTree("""
                {"items":[{"key":"a","kind":"document","size":12,"state":"CLEAN","modified":"2026-12-04T10:00:00Z"},
                          {"key":"b/c","kind":"blob","bytes":2048}],"next":"b/c"}""");
        assertEquals(List.of(new LsCommand.Item("a", "document", 12L, "CLEAN", "2026-12-04T10:00:00Z"),
                new LsCommand.Item("b/c", "blob", 2048L, null, null)), LsCommand.items(page));
        assertEquals("b/c", LsCommand.next(page));
        var plain = Json.mapper().readTree("{\"keys\":[\"x\",\"y\"]}");
        assertEquals(2, LsCommand.items(plain).size());
        assertEquals(null, LsCommand.next(plain));
    }
}
