package io.hybridstore.bench.small;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one measured phase (or floor, or heal window), as the JSON report holds them.
 *
 * @param cpuSeconds        CPU-seconds of each cluster process over the phase, then "nodes" (their sum)
 * @param clusterCpuSeconds every cluster process together (the bench client not included)
 * @param cpuMsPerOp        {@code clusterCpuSeconds} per successful operation, in milliseconds
 * @param netCpuMsPerOp     the same less what the idle cluster burns in as long (heartbeats, healer passes,
 *                          JIT): what the operations themselves cost; null without an idle baseline
 * @param clientCpuSeconds  this load generator's own CPU (it shares the machine)
 * @param jitSeconds        JIT compile time of the cluster's JVMs during the phase
 */
record PhaseReport(String name, int clients, double seconds, long ops, double opsPerSecond, OpStats.Latency latencyMs,
                   Map<String, Long> errors, Map<String, Double> serverTimingP50Ms, Map<String, Double> cpuSeconds,
                   double clusterCpuSeconds, double cpuMsPerOp, Double netCpuMsPerOp, double clientCpuSeconds, double jitSeconds,
                   String loadAverageStart, String loadAverageEnd) {

    static final String NODES = "nodes";

    /** What the probe saw at one moment; two of them around a phase make its report. */
    record Start(Map<String, Double> cpu, double clientCpu, double jit, String loadAverage) {
    }

    static PhaseReport of(String name, LoadRun.Result result, Start start, Start end) {
        Map<String, Double> cpuEnd = end.cpu();
        Map<String, Double> cpu = new LinkedHashMap<>();
        double nodes = 0;
        double cluster = 0;
        for (Map.Entry<String, Double> e : cpuEnd.entrySet()) {
            double used = e.getValue() - start.cpu().getOrDefault(e.getKey(), 0.0);
            cpu.put(e.getKey(), round(used));
            cluster += used;
            if (e.getKey().startsWith("node-")) {
                nodes += used;
            }
        }
        cpu.put(NODES, round(nodes));
        long ops = result.stats().successes();
        return new PhaseReport(name, result.clients(), result.seconds(), ops, result.opsPerSecond(), result.stats().latency(),
                result.stats().errors(), result.stats().serverTimingP50(), cpu, round(cluster), ops > 0 ? round(cluster * 1000 / ops) : 0, null,
                round(end.clientCpu() - start.clientCpu()), round(end.jit() - start.jit()), start.loadAverage(), end.loadAverage());
    }

    /** The cluster's CPU-seconds per second with no load: the idle phase's. */
    double idleCpuPerSecond() {
        return seconds > 0 ? clusterCpuSeconds / seconds : 0;
    }

    /** This phase with {@link #netCpuMsPerOp} taken against an idle cluster burning {@code idlePerSecond}. */
    PhaseReport net(double idlePerSecond) {
        Double net = ops > 0 ? round(Math.max(0, clusterCpuSeconds - idlePerSecond * seconds) * 1000 / ops) : null;
        return new PhaseReport(name, clients, seconds, ops, opsPerSecond, latencyMs, errors, serverTimingP50Ms, cpuSeconds,
                clusterCpuSeconds, cpuMsPerOp, net, clientCpuSeconds, jitSeconds, loadAverageStart, loadAverageEnd);
    }

    /** CPU ticks are hundredths of a second: more digits than three would be noise from the subtraction. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
