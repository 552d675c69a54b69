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
 * @param jitSeconds        JIT compile time of the cluster's JVMs during the phase (elapsed: a compiler
 *                          thread waiting for a core counts), summed
 * @param jitSecondsByProcess the same per JVM
 * @param compilerCpuSeconds CPU-seconds of each JVM's JIT compiler threads during the phase: what
 *                          compiling cost the machine, already inside {@code cpuSeconds}
 * @param serverTimingP99Ms each Server-Timing part's 99th percentile: which part the slow requests were slow in
 * @param gcSecondsByProcess garbage-collection time of each JVM during the phase (the serial collector's
 *                          pauses, which stop every thread of that JVM)
 * @param gcCollectionsByProcess collections of each JVM during the phase
 * @param latencyMsByKind   the latency of each kind of request apart (a mixed load's reads and writes); empty when the
 *                          load named no kinds (a floor)
 * @param slowestPercent    the slowest 1 % of the phase's requests taken apart, request by request: each
 *                          Server-Timing part's mean over them ({@link SlowestRequests})
 */
record PhaseReport(String name, int clients, double seconds, long ops, double opsPerSecond, OpStats.Latency latencyMs,
                   Map<String, Long> errors, Map<String, Double> serverTimingP50Ms, Map<String, Double> cpuSeconds,
                   double clusterCpuSeconds, double cpuMsPerOp, Double netCpuMsPerOp, double clientCpuSeconds, double jitSeconds,
                   Map<String, Double> jitSecondsByProcess, Map<String, Double> compilerCpuSeconds, String loadAverageStart,
                   String loadAverageEnd, Map<String, Double> serverTimingP99Ms, Map<String, Double> gcSecondsByProcess,
                   Map<String, Long> gcCollectionsByProcess, Map<String, OpStats.Latency> latencyMsByKind,
                   SlowestRequests.Anatomy slowestPercent) {

    static final String NODES = "nodes";

    /** What the probe saw at one moment; two of them around a phase make its report. */
    record Start(Map<String, Double> cpu, double clientCpu, Map<String, Double> jit, Map<String, Double> compilerCpu,
                 Map<String, JvmClocks.Gc> gc, String loadAverage) {
    }

    static PhaseReport of(String name, LoadRun.Result result, Start start, Start end) {
        Map<String, Double> cpu = used(start.cpu(), end.cpu());
        double cluster = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        cpu.put(NODES, round(cpu.entrySet().stream().filter(e -> e.getKey().startsWith("node-")).mapToDouble(Map.Entry::getValue).sum()));
        Map<String, Double> jit = used(start.jit(), end.jit());
        long ops = result.stats().successes();
        return new PhaseReport(name, result.clients(), result.seconds(), ops, result.opsPerSecond(), result.stats().latency(),
                result.stats().errors(), result.stats().serverTimingP50(), cpu, round(cluster), ops > 0 ? round(cluster * 1000 / ops) : 0, null,
                round(end.clientCpu() - start.clientCpu()), round(jit.values().stream().mapToDouble(Double::doubleValue).sum()), jit,
                used(start.compilerCpu(), end.compilerCpu()), start.loadAverage(), end.loadAverage(), result.stats().serverTimingAt(99),
                gcSeconds(start.gc(), end.gc()), gcCollections(start.gc(), end.gc()), result.stats().latencyByKind(),
                result.stats().slowestPercent());
    }

    private static Map<String, Double> gcSeconds(Map<String, JvmClocks.Gc> start, Map<String, JvmClocks.Gc> end) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        end.forEach((jvm, gc) -> seconds.put(jvm, round(gc.seconds() - start.getOrDefault(jvm, gc).seconds())));
        return seconds;
    }

    private static Map<String, Long> gcCollections(Map<String, JvmClocks.Gc> start, Map<String, JvmClocks.Gc> end) {
        Map<String, Long> collections = new LinkedHashMap<>();
        end.forEach((jvm, gc) -> collections.put(jvm, gc.collections() - start.getOrDefault(jvm, gc).collections()));
        return collections;
    }

    /** The sum of {@link #gcSecondsByProcess}. */
    double gcSecondsTotal() {
        return round(gcSecondsByProcess.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /** Per process, what the counter grew by between two readings, rounded. */
    private static Map<String, Double> used(Map<String, Double> start, Map<String, Double> end) {
        Map<String, Double> used = new LinkedHashMap<>();
        end.forEach((process, seconds) -> used.put(process, round(seconds - start.getOrDefault(process, 0.0))));
        return used;
    }

    /** The sum of {@link #compilerCpuSeconds}. */
    double compilerCpuTotal() {
        return round(compilerCpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /** The cluster's CPU-seconds per second with no load: the idle phase's. */
    double idleCpuPerSecond() {
        return seconds > 0 ? clusterCpuSeconds / seconds : 0;
    }

    /** This phase with {@link #netCpuMsPerOp} taken against an idle cluster burning {@code idlePerSecond}. */
    PhaseReport net(double idlePerSecond) {
        Double net = ops > 0 ? round(Math.max(0, clusterCpuSeconds - idlePerSecond * seconds) * 1000 / ops) : null;
        return new PhaseReport(name, clients, seconds, ops, opsPerSecond, latencyMs, errors, serverTimingP50Ms, cpuSeconds,
                clusterCpuSeconds, cpuMsPerOp, net, clientCpuSeconds, jitSeconds, jitSecondsByProcess, compilerCpuSeconds, loadAverageStart,
                loadAverageEnd, serverTimingP99Ms, gcSecondsByProcess, gcCollectionsByProcess, latencyMsByKind, slowestPercent);
    }

    /** CPU ticks are hundredths of a second: more digits than three would be noise from the subtraction. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
