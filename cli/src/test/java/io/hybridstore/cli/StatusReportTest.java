package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.model.NodeInfo;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status: redundancy and exit code from facts, the --json shape, the text table. */
class StatusReportTest {

    private static final List<String> EXPECTED = List.of("node-1", "node-2", "node-3");

    static NodeInfo node(String id) {
        return new NodeInfo(id, "http://127.0.0.1:80" + id.substring(5), "zone-a", 1L << 30, 1L << 20, 12, 1, "test");
    }

    static JsonNode healerStatus(boolean leader, long degraded, long lost) throws Exception {
        return Json.mapper().readTree("""
                {"healerId":"healer-1","leader":%s,"pass":{"number":7,"running":false,"scanned":40,"total":50},
                 "objects":{"healthy":48,"degraded":%d,"lost":%d},"repairs":{"done":12,"failed":1,"conflicts":0,"bytes":4096},
                 "lastPassAt":"2026-12-04T10:00:00Z","lastPassMillis":35,"lastLeaderStatus":null}""".formatted(leader, degraded, lost));
    }

    private static Healers.Seen seen(JsonNode status) {
        return new Healers.Seen(URI.create("http://127.0.0.1:8091"), status, null);
    }

    @Test
    void everyNodeLiveAndNothingDegradedIsFullAndExitsZero() throws Exception {
        StatusReport r = StatusReport.of("test", EXPECTED, List.of(node("node-1"), node("node-2"), node("node-3")),
                List.of(seen(healerStatus(true, 0, 0))));

        assertEquals("full", r.redundancy());
        assertEquals(ExitCode.OK, r.exitCode());
        assertEquals(new StatusReport.Nodes(3, 0, 3, List.of()), r.nodes());
        assertEquals("healer-1", r.healer().leader());
        assertEquals(new StatusReport.Objects(48, 0, 0, 40, 50), r.objects());
        assertEquals(new StatusReport.LastPass("2026-12-04T10:00:00Z", 35, 7), r.lastPass());
    }

    @Test
    void aDeadNodeIsDegradedBeforeTheHealerHasCountedAnything() throws Exception {
        StatusReport r = StatusReport.of("test", EXPECTED, List.of(node("node-1"), node("node-3")), List.of(seen(healerStatus(true, 0, 0))));

        assertEquals("degraded", r.redundancy());
        assertEquals(ExitCode.DEGRADED, r.exitCode());
        assertEquals(List.of("node-2"), r.nodes().deadIds());
        assertTrue(r.render().contains("2 live, 1 dead (node-2) of 3"), r.render());
        assertTrue(r.render().contains("DEGRADED"));
    }

    @Test
    void degradedOrLostObjectsAreDegradedWithEveryNodeLive() throws Exception {
        List<NodeInfo> all = List.of(node("node-1"), node("node-2"), node("node-3"));
        assertEquals(ExitCode.DEGRADED, StatusReport.of("t", EXPECTED, all, List.of(seen(healerStatus(true, 2, 0)))).exitCode());
        assertEquals(ExitCode.DEGRADED, StatusReport.of("t", EXPECTED, all, List.of(seen(healerStatus(true, 0, 1)))).exitCode());
    }

    @Test
    void aStandbysCopyOfTheLeadersStatusStandsInDuringAnElection() throws Exception {
        JsonNode standby = Json.mapper().readTree("{\"healerId\":\"healer-2\",\"leader\":false,\"lastLeaderStatus\":"
                + healerStatus(true, 3, 0) + "}");

        StatusReport r = StatusReport.of("t", List.of(), List.of(node("node-1")), List.of(seen(standby)));

        assertNull(r.healer().leader());
        assertEquals(3, r.objects().degraded());
        assertEquals(ExitCode.DEGRADED, r.exitCode());
        assertEquals(0, r.nodes().expected(), "no expected set: dead nodes cannot be told");
    }

    @Test
    void noHealerAnsweringIsUnknownAndUnreachable() {
        StatusReport r = StatusReport.of("t", EXPECTED, List.of(node("node-1"), node("node-2"), node("node-3")),
                List.of(new Healers.Seen(URI.create("http://127.0.0.1:8091"), null, "refused")));

        assertEquals("unknown", r.redundancy());
        assertEquals(ExitCode.UNREACHABLE, r.exitCode());
        assertEquals(0, r.healer().answering());
    }

    @Test
    void theJsonShapeIsStable() throws Exception {
        StatusReport r = StatusReport.of("test", EXPECTED, List.of(node("node-1"), node("node-3")), List.of(seen(healerStatus(true, 0, 0))));

        JsonNode json = Json.mapper().readTree(Json.pretty(r));

        assertEquals(List.of("target", "nodes", "healer", "objects", "repairs", "lastPass", "redundancy"), names(json));
        assertEquals(List.of("live", "dead", "expected", "deadIds"), names(json.get("nodes")));
        assertEquals(List.of("leader", "leaderUrl", "answering", "configured"), names(json.get("healer")));
        assertEquals(List.of("healthy", "degraded", "lost", "scanned", "total"), names(json.get("objects")));
        assertEquals(List.of("done", "failed", "bytes"), names(json.get("repairs")));
        assertEquals(List.of("at", "millis", "passes"), names(json.get("lastPass")));
        assertEquals("node-2", json.at("/nodes/deadIds/0").asText());
    }

    static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
