package io.hybridstore.bench.small;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * What both modes work with: the settings, the cluster, the probe around each phase, and the run's
 * id, which names its keys so that no two runs share one.
 */
record BenchRun(SmallBenchSettings settings, BenchCluster cluster, Probe probe, String runId) {

    /**
     * Gateway clients by index, each with a seed of its own, writing keys {@code <prefix>-<runId>-<n>}
     * and adding the acknowledged ones to {@code written}. Every phase makes its clients anew: seeded by
     * their index alone, client c of each phase wrote the same documents again (the same texts under new
     * keys), so a run's distinct documents were a few thousand however many keys it wrote, and content-
     * addressed chunks and caches saw the same bytes again and again (session 26, h30-cache).
     */
    IntFunction<GatewayClient> gatewayClients(String keyPrefix, KeyPool written) {
        Documents documents = new Documents(settings.textBytes());
        return c -> new GatewayClient(cluster.gateway(), documents, written, keyPrefix + "-" + runId,
                CLIENTS_MADE.incrementAndGet() * 7919L + 1);
    }

    /** Clients made so far in this JVM: each one's seed. */
    private static final AtomicLong CLIENTS_MADE = new AtomicLong();

    /** One measured phase of {@code clients} running {@code op} for {@code length}, said on stderr as it ends. */
    PhaseReport measure(String name, int clients, Duration length, IntFunction<Operation> op) throws InterruptedException {
        PhaseReport.Start start = probe.start();
        LoadRun.Result result = LoadRun.timed(name, clients, length, op);
        PhaseReport report = probe.finish(name, result, start);
        if (clients == 0) {
            progress("%s: the cluster used %.2f CPU-s per second with no load", name, report.idleCpuPerSecond());
        } else {
            progress("%s at %d clients: %.0f ops/s, %s, errors %s, cluster CPU %.2f ms/op", name, clients, report.opsPerSecond(),
                    report.latencyMs(), MarkdownTables.errors(report.errors()), report.cpuMsPerOp());
        }
        return report;
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
