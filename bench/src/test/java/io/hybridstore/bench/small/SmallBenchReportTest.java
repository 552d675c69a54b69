package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's arithmetic (ratios, CPU per op), its JSON shape and its markdown rows, on made-up phases. */
class SmallBenchReportTest {

    /** A phase whose every latency percentile is {@code p50Ms} and whose cluster used {@code cpu} per process. */
    static PhaseReport phase(String name, int clients, double p50Ms, long ops, Map<String, Double> cpuUsed) {
        OpStats stats = new OpStats();
        for (long i = 0; i < ops; i++) {
            stats.success((long) (p50Ms * 1_000_000));
        }
        stats.failure("503");
        Map<String, Double> zero = new LinkedHashMap<>();
        cpuUsed.keySet().forEach(k -> zero.put(k, 10.0));
        Map<String, Double> end = new LinkedHashMap<>();
        cpuUsed.forEach((k, v) -> end.put(k, 10.0 + v));
        // the JIT: gateway-1 compiled 0.25 s (elapsed) on 0.125 CPU-s, node-1 0 s on 0.5 CPU-s
        // the GC: gateway-1 collected 3 times in 0.06 s, node-1 once in 0.01 s
        return PhaseReport.of(name, new LoadRun.Result(clients, stats, 2.0),
                new PhaseReport.Start(zero, 1.0, Map.of("gateway-1", 5.0), jvms(1.0, 2.0), gc(10, 0.5, 4, 0.2), "0.50 0.40 0.30"),
                new PhaseReport.Start(end, 1.5, Map.of("gateway-1", 5.25), jvms(1.125, 2.5), gc(13, 0.56, 5, 0.21), "1.00 0.50 0.30"));
    }

    private static Map<String, JvmClocks.Gc> gc(long gatewayCount, double gatewaySeconds, long nodeCount, double nodeSeconds) {
        Map<String, JvmClocks.Gc> gc = new LinkedHashMap<>();
        gc.put("gateway-1", new JvmClocks.Gc(gatewayCount, gatewaySeconds));
        gc.put("node-1", new JvmClocks.Gc(nodeCount, nodeSeconds));
        return gc;
    }

    private static Map<String, Double> jvms(double gateway, double node) {
        Map<String, Double> jvms = new LinkedHashMap<>();
        jvms.put("gateway-1", gateway);
        jvms.put("node-1", node);
        return jvms;
    }

    static SmallBenchReport report() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("etcd", 0.1);
        cpu.put("node-1", 0.2);
        cpu.put("node-2", 0.3);
        cpu.put("gateway-1", 0.4);
        List<PhaseReport> phases = List.of(phase("write", 1, 40, 100, cpu).net(0.25), phase("write", 32, 400, 200, cpu),
                phase("read", 1, 6, 400, cpu));
        List<SmallBenchReport.Floor> floors = List.of(
                new SmallBenchReport.Floor(SmallBenchReport.KAFKA_APPEND, phase("k", 1, 1.5, 10, cpu), phase("k", 32, 9, 10, cpu)),
                new SmallBenchReport.Floor(SmallBenchReport.ETCD_COMMIT, phase("c", 1, 1.0, 10, cpu), phase("c", 32, 9, 10, cpu)),
                new SmallBenchReport.Floor(SmallBenchReport.NODE_PUT, phase("p", 1, 2.5, 10, cpu), phase("p", 32, 9, 10, cpu)),
                new SmallBenchReport.Floor(SmallBenchReport.ETCD_GET, phase("g", 1, 0.5, 10, cpu), phase("g", 32, 9, 10, cpu)),
                new SmallBenchReport.Floor(SmallBenchReport.NODE_GET, phase("n", 1, 1.0, 10, cpu), phase("n", 32, 9, 10, cpu)));
        return new SmallBenchReport("small", "2026-12-04T06:00:00Z", 2, "0.5 0.4 0.3", "1.0 0.5 0.3", Map.of("phase", "PT20S"),
                phases, floors, SmallBenchReport.Ratios.of(phases, floors), null, List.of());
    }

    @Test
    void cpuPerProcessSumsTheNodesAndDividesByOperations() {
        PhaseReport p = report().phases().get(0);
        assertEquals(0.5, p.cpuSeconds().get(PhaseReport.NODES), 1e-9);
        assertEquals(1.0, p.clusterCpuSeconds(), 1e-9);
        assertEquals(10.0, p.cpuMsPerOp(), 1e-9, "1 CPU-s over 100 operations");
        assertEquals(0.5, p.clientCpuSeconds(), 1e-9);
        assertEquals(0.25, p.jitSeconds(), 1e-9);
        assertEquals(Map.of("gateway-1", 0.25), p.jitSecondsByProcess());
        assertEquals(Map.of("gateway-1", 0.125, "node-1", 0.5), p.compilerCpuSeconds());
        assertEquals(0.625, p.compilerCpuTotal(), 1e-9);
        assertEquals(Map.of("gateway-1", 0.06, "node-1", 0.01), p.gcSecondsByProcess());
        assertEquals(Map.of("gateway-1", 3L, "node-1", 1L), p.gcCollectionsByProcess());
        assertEquals(0.07, p.gcSecondsTotal(), 1e-9);
        assertEquals(50, p.opsPerSecond(), 1e-9);
        assertEquals(Map.of("503", 1L), p.errors());
        assertEquals(5.0, p.netCpuMsPerOp(), 1e-9, "(1 CPU-s less 0.25 CPU-s/s idle over 2 s) over 100 operations");
        assertNull(report().phases().get(1).netCpuMsPerOp(), "no idle baseline given");
        assertEquals(0.5, p.idleCpuPerSecond(), 1e-9, "as an idle phase: 1 CPU-s over 2 s");
    }

    @Test
    void ratiosDivideTheOneClientMediansByTheSumOfTheirFloors() {
        SmallBenchReport.Ratios r = report().ratios();
        assertEquals(5.0, r.writeFloorsP50Ms(), 0.01, "1.5 + 1.0 + 2.5");
        assertEquals(8.0, r.write(), 0.02, "40 / 5");
        assertEquals(1.5, r.readFloorsP50Ms(), 0.01, "0.5 + 1.0");
        assertEquals(4.0, r.read(), 0.02, "6 / 1.5");
    }

    @Test
    void ratiosWithoutTheirFiguresAreNullNotNaN() {
        SmallBenchReport.Ratios r = SmallBenchReport.Ratios.of(List.of(), List.of());
        assertNull(r.write());
        assertNull(r.read());
    }

    @Test
    void jsonHasTheFieldsTheDocsAndTheLeadRead(@TempDir Path dir) throws Exception {
        Path file = report().write(dir);
        assertEquals("small-2026-12-04T060000Z.json", file.getFileName().toString());
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        for (String field : List.of("mode", "startedAt", "cores", "loadAverageStart", "loadAverageEnd", "settings", "phases", "floors",
                "ratios", "heal", "notes")) {
            assertTrue(json.has(field), field);
        }
        JsonNode write = json.path("phases").get(0);
        for (String field : List.of("name", "clients", "seconds", "ops", "opsPerSecond", "errors", "serverTimingP50Ms", "cpuSeconds",
                "clusterCpuSeconds", "cpuMsPerOp", "clientCpuSeconds", "jitSeconds", "jitSecondsByProcess", "compilerCpuSeconds",
                "loadAverageStart", "loadAverageEnd", "serverTimingP99Ms", "gcSecondsByProcess", "gcCollectionsByProcess")) {
            assertTrue(write.has(field), "phase." + field);
        }
        for (String field : List.of("count", "p50", "p90", "p99", "p999", "max")) {
            assertTrue(write.path("latencyMs").has(field), "latencyMs." + field);
        }
        assertEquals(40.0, write.path("latencyMs").path("p50").asDouble(), 0.05);
        assertEquals(0.5, write.path("cpuSeconds").path("nodes").asDouble(), 1e-9);
        assertEquals(0.125, write.path("compilerCpuSeconds").path("gateway-1").asDouble(), 1e-9);
        assertEquals(0.06, write.path("gcSecondsByProcess").path("gateway-1").asDouble(), 1e-9);
        assertEquals(3, write.path("gcCollectionsByProcess").path("gateway-1").asLong());
        assertEquals(5, json.path("floors").size());
        assertEquals(SmallBenchReport.KAFKA_APPEND, json.path("floors").get(0).path("name").asText());
        assertTrue(json.path("floors").get(0).path("single").has("latencyMs"));
        assertEquals(8.0, json.path("ratios").path("write").asDouble(), 0.02);
        assertTrue(json.path("heal").isNull());
    }

    @Test
    void markdownHasOneRowPerPhaseAndFloorAndTheRatios() {
        String md = MarkdownTables.render(report());
        assertTrue(md.contains("| write | 1 | 50 | 40.0 | 40.0 | 40.0 | 40.0 | 40.0 | 503×1 | 10.00 | 5.00 | 0.3 (0.6) | 1.00 0.50 0.30 |"), md);
        assertTrue(md.contains("| kafka append | 1.50 | 1.50 | 5 | 5 (32) | 9.01 | 9.01 | 503×2 |"), md);
        assertTrue(md.contains("| write ÷ (Kafka append + etcd commit + node PUT) | 40.0 | 5.00 | 8.0× |"), md);
        assertTrue(md.contains("| read ÷ (etcd get + chunk GET) | 6.00 | 1.50 | 4.0× |"), md);
        assertTrue(md.contains("| etcd | node-1 | node-2 | gateway-1 | nodes | cluster | bench client | cluster CPU ms/op |"), md);
        assertTrue(md.contains("| write | 1 | 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 1.0 | 0.5 | 10.00 |"), md);
        assertTrue(md.contains("| phase | clients | gateway-1 | node-1 | all |"), md);
        assertTrue(md.contains("| write | 1 | 0.1 (0.3) | 0.5 (0.0) | 0.6 (0.3) |"), md);
        assertTrue(md.contains("GC per JVM over each phase"), md);
        assertTrue(md.contains("| write | 1 | 0.06 (3) | 0.01 (1) | 0.07 (4) |"), md);
        assertFalse(md.contains("heal:"), "no heal section in a small run");
        String idle = MarkdownTables.phases(List.of(phase("idle", 0, 0, 0, Map.of("etcd", 0.5))));
        assertTrue(idle.contains("| idle | 0 | — | | | | | | | cluster 0.25 CPU-s/s | | 0.3 (0.6) | 1.00 0.50 0.30 |"), idle);
    }

    /** The slowest 1 % of a phase with Server-Timing, in the small run's tables and the heal's alike. */
    @Test
    void markdownTakesTheSlowestPercentApart() {
        OpStats stats = OpStatsTest.fastRequests(99);
        stats.success(40_000_000L);
        stats.serverTiming("wal;dur=30.00, store;dur=5.00, total;dur=36.00", 40_000_000L);
        Map<String, JvmClocks.Gc> gc = gc(1, 0.1, 1, 0.1);
        PhaseReport.Start start = new PhaseReport.Start(Map.of("gateway-1", 1.0), 0, Map.of(), Map.of(), gc, "1");
        PhaseReport write = PhaseReport.of("write", new LoadRun.Result(32, stats, 2.0), start, start);
        String md = MarkdownTables.slowest(List.of(write, phase("floor", 1, 1.0, 10, Map.of())));
        assertTrue(md.contains("| write | 32 | 1 | 40.0 | 40.0 | outside 4.00, store 5.00, untimed 1.00, wal 30.0 |"), md);
        assertEquals(3, md.lines().count(), "no row for a phase without Server-Timing: " + md);
    }

    @Test
    void healMarkdownSaysWhatWasNotReached() {
        Map<String, Double> cpu = Map.of("node-1", 0.1);
        HealReport heal = new HealReport("node-3", 10_000, 10_000, null, 8_400, 8_400, 9.8, null, null, 0, null, null,
                phase("before the kill", 32, 100, 10, cpu), phase("kill → lease expiry", 32, 200, 10, cpu),
                phase("healing (timed out)", 32, 300, 10, cpu), List.of(new HealReport.Check(0, 8_400, 12, 3, 0, 12, 10_300)));
        SmallBenchReport r = new SmallBenchReport("heal", "t", 2, "1", "2", Map.of(), List.of(), List.of(),
                SmallBenchReport.Ratios.of(List.of(), List.of()), heal, List.of("JIT time not counted for pid 1"));
        String md = MarkdownTables.render(r);
        assertTrue(md.contains("| kill → lease expiry (s) | 9.8 |"), md);
        assertTrue(md.contains("| records with a copy on it at the end | 8400 |"), md);
        assertTrue(md.contains("| lease expiry → full redundancy (s) | not reached |"), md);
        assertTrue(md.contains("| 0.0 | 8400 | 12 | 3 | 0 | 12 | 10300 |"), md);
        assertTrue(md.contains("| healing (timed out) | 32 |"), md);
        assertTrue(md.contains("note: JIT time not counted for pid 1"), md);
        assertFalse(md.contains("the leading healer"), "no healer said it led: no row for one");
        assertTrue(new HealReport.Check(0, 0, 0, 5, 0, 0, 1).fullRedundancy(), "writes in flight do not count against it");
        assertFalse(new HealReport.Check(0, 0, 0, 0, 0, 1, 1).fullRedundancy(), "a dirty mark left does");
    }

    /** Session 27: the heal run carries the floors (no ratios: it has no one-client phases), and CPU and JIT per process over its windows. */
    @Test
    void healMarkdownHasTheFloorsAndTheLeadersCpuOverTheHeal() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("node-1", 0.1);
        cpu.put("healer-1", 2.0);
        HealReport heal = new HealReport("node-3", 10_000, 10_012, "healer-1", 8_400, 0, 9.8, 4.0, 25.0, 12_000, 400.0, 570.0,
                phase("before the kill", 32, 100, 10, cpu), phase("kill → lease expiry", 32, 200, 10, cpu),
                phase("lease expiry → full redundancy", 32, 300, 10, cpu), List.of(new HealReport.Check(0, 8_400, 12, 3, 0, 12, 10_300)));
        List<SmallBenchReport.Floor> floors = report().floors();
        SmallBenchReport r = new SmallBenchReport("heal", "t", 2, "1", "2", Map.of(), List.of(), floors,
                SmallBenchReport.Ratios.of(List.of(), floors), heal, List.of());
        String md = MarkdownTables.render(r);
        assertTrue(md.contains("| kafka append | 1.50 | 1.50 | 5 | 5 (32) | 9.01 | 9.01 | 503×2 |"), md);
        assertFalse(md.contains("write ÷ (Kafka append"), "no ratios without one-client phases");
        assertTrue(md.contains("| the leading healer, healer-1: CPU-s over the heal (of it its compiler threads') | 2.00 (0.00) |"), md);
        assertTrue(md.contains("| documents written before the load | 10000 |\n| documents in the store at the kill | 10012 |"), md);
        assertTrue(md.contains("| phase | clients | node-1 | healer-1 | nodes | cluster | bench client | cluster CPU ms/op |"), md);
        assertTrue(md.contains("| lease expiry → full redundancy | 32 | 0.1 | 2.0 | 0.1 | 2.1 | 0.5 | 210.00 |"), md);
        assertTrue(md.contains("| lease expiry → full redundancy | 32 | 0.1 (0.3) | 0.5 (0.0) | 0.6 (0.3) |"), md);
    }

    /** A mixed phase and each heal window say their reads' and writes' latencies apart, in the JSON and the tables. */
    @Test
    void mixedPhasesHaveEachKindsLatencyApart(@TempDir Path dir) throws Exception {
        OpStats stats = new OpStats();
        for (int i = 0; i < 80; i++) {
            stats.success(4_000_000L, Operation.Outcome.READ);
        }
        for (int i = 0; i < 20; i++) {
            stats.success(30_000_000L, Operation.Outcome.WRITE);
        }
        PhaseReport.Start zero = new PhaseReport.Start(Map.of("etcd", 1.0), 0, Map.of(), Map.of(), Map.of(), "1");
        PhaseReport mixed = PhaseReport.of("mixed 80% read", new LoadRun.Result(32, stats, 1.0), zero, zero);
        List<PhaseReport> phases = List.of(phase("write", 32, 10, 10, Map.of("etcd", 0.1)), mixed);
        SmallBenchReport r = new SmallBenchReport("small", "2026-12-06T15:00:00Z", 2, "1", "2", Map.of(), phases, List.of(),
                SmallBenchReport.Ratios.of(phases, List.of()), null, List.of());
        String md = MarkdownTables.render(r);
        assertTrue(md.contains("| mixed 80% read | 32 | read | 80 | 4.00 | 4.00 | 4.00 | 4.00 | 4.00 |"), md);
        assertTrue(md.contains("| mixed 80% read | 32 | write | 20 | 30.0 | 30.0 | 30.0 | 30.0 | 30.0 |"), md);
        assertFalse(md.contains("| write | 32 | write |"), "a load of one kind has no row of its own here");
        JsonNode json = new ObjectMapper().readTree(Files.readString(r.write(dir)));
        assertEquals(30.0, json.path("phases").get(1).path("latencyMsByKind").path("write").path("p99").asDouble(), 0.05);
        assertEquals(0, json.path("phases").get(0).path("latencyMsByKind").size());
    }

    @Test
    void theNotesSayWhichJitEachKindOfAppRan() {
        assertEquals("JIT: storage nodes tiered-early (default), gateway tiered (default), healers tiered-early",
                SmallBenchMain.jitChoices(Map.of("HEALER_JIT", "tiered-early", "GATEWAY_JIT", " ")));
        assertEquals(List.of("environment: GATEWAY_PART_CACHE_SIZE=0", "environment: HEALER_REPAIR_WARM_UP_ROUNDS=10"),
                SmallBenchMain.settingsGiven(Map.of("HEALER_REPAIR_WARM_UP_ROUNDS", "10", "GATEWAY_PART_CACHE_SIZE", "0", "HEALER_JIT", "c1",
                        "NODE_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt", "PATH", "/bin")));
    }
}
