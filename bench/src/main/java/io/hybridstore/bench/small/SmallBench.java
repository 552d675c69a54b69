package io.hybridstore.bench.small;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * {@code make bench-small}: a warm-up, the floors at 1 client and at the most clients, 10 s without
 * load (the idle CPU), then writes and reads at each client count and the mixed run, every phase
 * measured with CPU per process.
 */
final class SmallBench {
    /** The metadata record of a small document is about this long (3 replicas + 6 shards of JSON). */
    private static final int METADATA_BYTES = 1_600;
    private static final int CHUNK_BYTES = 1_024;
    private static final Duration FLOOR_WARMUP = Duration.ofSeconds(2);
    /** No clients: what the cluster burns on its own (heartbeats, healer passes, JIT), the base of the net CPU per operation. */
    static final String IDLE = "idle";
    private static final Duration IDLE_LENGTH = Duration.ofSeconds(10);
    /** One window of the extra warm-up: half writes, half reads, as the fixed warm-up. */
    private static final Duration SETTLING_WINDOW = Duration.ofSeconds(10);

    private final SmallBenchSettings settings;
    private final BenchCluster cluster;
    private final Probe probe;
    private final BenchRun run;

    SmallBench(BenchRun run) {
        this.run = run;
        this.settings = run.settings();
        this.cluster = run.cluster();
        this.probe = run.probe();
    }

    /** The phases; {@code floors} receives the floors as they are measured, {@code notes} how the warm-up ended. */
    List<PhaseReport> run(List<SmallBenchReport.Floor> floors, List<String> notes) throws Exception {
        KeyPool written = new KeyPool(2_000_000);
        IntFunction<GatewayClient> client = run.gatewayClients("bs", written);
        BenchRun.progress("warm-up: %s of writes, then of reads, at 8 clients", settings.warmup().dividedBy(2));
        warmUp(client, settings.warmup());
        notes.add(untilJitSettles(client));

        floors.addAll(floors());

        List<PhaseReport> phases = new ArrayList<>();
        PhaseReport idle = measure(IDLE, 0, IDLE_LENGTH, c -> () -> Operation.Outcome.OK);
        phases.add(idle);
        for (int n : settings.clients()) {
            phases.add(measure("write", n, c -> client.apply(c).writes()));
        }
        for (int n : settings.clients()) {
            phases.add(measure("read", n, c -> client.apply(c).reads()));
        }
        phases.add(measure("mixed " + settings.readPercent() + "% read", settings.mixedClients(),
                c -> client.apply(c).mixed(settings.readPercent())));
        return phases.stream().map(p -> p.net(idle.idleCpuPerSecond())).toList();
    }

    private static void warmUp(IntFunction<GatewayClient> client, Duration length) throws InterruptedException {
        LoadRun.timed("warmup-write", 8, length.dividedBy(2), c -> client.apply(c).writes());
        LoadRun.timed("warmup-read", 8, length.dividedBy(2), c -> client.apply(c).reads());
    }

    /**
     * More warm-up, window by window, until the cluster's compiler threads go quiet or
     * {@code warmupMax} is spent: a phase that still compiles measures the JIT, not the store.
     */
    private String untilJitSettles(IntFunction<GatewayClient> client) throws InterruptedException {
        if (settings.warmupMax().isZero()) {
            return "warm-up: fixed, no wait for the JIT to settle (warmup-max 0)";
        }
        JitSettling settling = new JitSettling(settings.jitSettled(), SETTLING_WINDOW, settings.warmupMax());
        double before = probe.compilerCpuSeconds();
        while (true) {
            warmUp(client, SETTLING_WINDOW);
            double now = probe.compilerCpuSeconds();
            double used = now - before;
            before = now;
            JitSettling.Verdict verdict = settling.after(used);
            BenchRun.progress("warm-up: the JIT used %.2f CPU-s in the last %s (settled at %.2f)", used, SETTLING_WINDOW,
                    settings.jitSettled());
            if (verdict == JitSettling.Verdict.SETTLED) {
                return String.format(Locale.ROOT, "warm-up: the JIT settled after %s more (under %.2f compiler CPU-s per %s)",
                        settling.spent(), settings.jitSettled(), SETTLING_WINDOW);
            }
            if (verdict == JitSettling.Verdict.GAVE_UP) {
                return String.format(Locale.ROOT, "warm-up: the JIT had NOT settled after %s more (%.2f compiler CPU-s in "
                        + "the last %s): the phases carry compilation", settling.spent(), used, SETTLING_WINDOW);
            }
        }
    }

    private List<SmallBenchReport.Floor> floors() throws Exception {
        int many = Collections.max(settings.clients());
        List<SmallBenchReport.Floor> floors = new ArrayList<>();
        try (KafkaFloor kafka = new KafkaFloor(cluster.kafkaBootstrap(), "bench-floor-" + run.runId(), walRecordBytes());
             EtcdFloor etcd = new EtcdFloor(cluster.etcdEndpoints(), "/hybridstore-bench/" + run.runId(), METADATA_BYTES)) {
            floors.add(floor(SmallBenchReport.KAFKA_APPEND, many, kafka::append));
            floors.add(floor(SmallBenchReport.ETCD_COMMIT, many, etcd::commit));
            floors.add(floor(SmallBenchReport.ETCD_GET, many, etcd::get));
        }
        NodeFloor node = new NodeFloor(cluster.node(cluster.nodeNames().get(0)), cluster.token(), CHUNK_BYTES, "bench-floor-" + run.runId());
        floors.add(floor(SmallBenchReport.NODE_PUT, many, node::put));
        floors.add(floor(SmallBenchReport.NODE_GET, many, node::get));
        return floors;
    }

    /** A WAL record carries the whole document plus a little envelope. */
    private int walRecordBytes() {
        return new Documents(settings.textBytes()).writeBody("k", new java.util.SplittableRandom(1)).length + 150;
    }

    private SmallBenchReport.Floor floor(String name, int many, IntFunction<Operation> op) throws InterruptedException {
        LoadRun.timed(name + "-warmup", 8, FLOOR_WARMUP, op);
        PhaseReport single = measure(name, 1, settings.floor(), op);
        PhaseReport concurrent = measure(name, many, settings.floor(), op);
        return new SmallBenchReport.Floor(name, single, concurrent);
    }

    private PhaseReport measure(String name, int clients, IntFunction<Operation> op) throws InterruptedException {
        return measure(name, clients, settings.phase(), op);
    }

    private PhaseReport measure(String name, int clients, Duration length, IntFunction<Operation> op) throws InterruptedException {
        PhaseReport.Start start = probe.start();
        LoadRun.Result result = LoadRun.timed(name, clients, length, op);
        PhaseReport report = probe.finish(name, result, start);
        if (clients == 0) {
            BenchRun.progress("%s: the cluster used %.2f CPU-s per second with no load", name, report.idleCpuPerSecond());
        } else {
            BenchRun.progress("%s at %d clients: %.0f ops/s, %s, errors %s, cluster CPU %.2f ms/op", name, clients, report.opsPerSecond(),
                    report.latencyMs(), MarkdownTables.errors(report.errors()), report.cpuMsPerOp());
        }
        return report;
    }
}
