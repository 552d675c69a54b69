package io.hybridstore.bench.small;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * What both modes work with: the settings, the cluster, the probe around each phase, and the run's
 * id, which names its keys so that no two runs share one.
 */
record BenchRun(SmallBenchSettings settings, BenchCluster cluster, Probe probe, String runId) {

    /**
     * Gateway clients by index, each seeded by its index, writing keys {@code <prefix>-<runId>-<n>}
     * and adding the acknowledged ones to {@code written}.
     */
    IntFunction<GatewayClient> gatewayClients(String keyPrefix, KeyPool written) {
        Documents documents = new Documents(settings.textBytes());
        return c -> new GatewayClient(cluster.gateway(), documents, written, keyPrefix + "-" + runId, c * 7919L + 1);
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
