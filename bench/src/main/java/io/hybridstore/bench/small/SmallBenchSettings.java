package io.hybridstore.bench.small;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one run of {@code make bench-small} or {@code make bench-heal} does. Every default is here,
 * once; bench/run-small-bench.sh passes only what its environment overrides.
 *
 * @param mode          {@code small} (load phases and floors) or {@code heal} (kill a node under load)
 * @param clusterDir    the running local cluster's base dir (layout, pids, cluster.env)
 * @param outDir        where the JSON report of this run goes (one file per run, timestamped)
 * @param warmup        unmeasured load before the first phase, in the measured phases' shapes ({@link #phaseShapes})
 * @param warmupMax     longest extra warm-up, in 10-s windows of the same load, until the JIT settles
 *                      ({@link JitSettling}); zero: none
 * @param jitSettled    compiler-thread CPU-seconds of the whole cluster in one 10-s window at which the JIT counts as settled
 * @param phase         length of each measured load phase
 * @param floor         length of each floor measurement (per client count)
 * @param clients       client counts of the write and read phases
 * @param mixedClients  clients of the mixed run
 * @param readPercent   share of reads in the mixed run
 * @param textBytes     length of the document's cold text field
 * @param healDocs      documents written before the node is killed
 * @param healClients   clients of the load that keeps running through the heal
 * @param healBefore    load measured before the kill (the "before" latencies)
 * @param healTimeout   longest wait from the kill to full redundancy before the heal bench gives up
 * @param healVictim    the storage node SIGKILLed
 * @param poll          how often the heal bench asks the healers and etcd
 */
public record SmallBenchSettings(String mode, Path clusterDir, Path outDir, Duration warmup, Duration warmupMax, double jitSettled,
                                 Duration phase, Duration floor,
                                 List<Integer> clients, int mixedClients, int readPercent, int textBytes, int healDocs,
                                 int healClients, Duration healBefore, Duration healTimeout, String healVictim, Duration poll) {

    static final Set<String> MODES = Set.of("small", "heal");
    private static final Set<String> OPTIONS = Set.of("cluster-dir", "mode", "out", "warmup", "warmup-max", "jit-settled", "phase", "floor", "clients",
            "mixed-clients", "read-percent", "text-bytes", "heal-docs", "heal-clients", "heal-before", "heal-timeout",
            "heal-victim", "poll");
    private static final String USAGE = "usage: SmallBenchMain --cluster-dir DIR [--mode small|heal] [--out DIR] [--warmup 30s] "
            + "[--warmup-max 600s] [--jit-settled 0.3] [--phase 20s] [--floor 5s] [--clients 1,8,32] [--mixed-clients 32] [--read-percent 80] [--text-bytes 3072] "
            + "[--heal-docs 10000] [--heal-clients 32] [--heal-before 20s] [--heal-timeout 1800s] [--heal-victim node-3] "
            + "[--poll 1s]";

    public SmallBenchSettings {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode is small or heal, not " + mode);
        }
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1) || mixedClients < 1 || healClients < 1) {
            throw new IllegalArgumentException("client counts must be at least 1: " + clients + ", " + mixedClients + ", " + healClients);
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("--read-percent is 0..100: " + readPercent);
        }
        if (textBytes < 300 || healDocs < 1) {
            throw new IllegalArgumentException("--text-bytes must be above the 256-byte hot limit and --heal-docs >= 1");
        }
        if (warmupMax.isNegative() || jitSettled < 0) {
            throw new IllegalArgumentException("--warmup-max and --jit-settled must not be negative: " + warmupMax + ", " + jitSettled);
        }
        for (Duration d : List.of(phase, floor, healBefore, healTimeout, poll)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        clients = List.copyOf(clients);
    }

    /** {@code --option value} pairs; {@code --cluster-dir} is required, the rest have defaults. */
    public static SmallBenchSettings parse(List<String> args) {
        Map<String, String> given = new LinkedHashMap<>();
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String option = rest.pop();
            if (!option.startsWith("--") || rest.isEmpty()) {
                throw new IllegalArgumentException("expected --option value, got " + option + "\n" + USAGE);
            }
            if (!OPTIONS.contains(option.substring(2))) {
                throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
            given.put(option.substring(2), rest.pop());
        }
        if (!given.containsKey("cluster-dir")) {
            throw new IllegalArgumentException("--cluster-dir is required\n" + USAGE);
        }
        Path clusterDir = Path.of(given.get("cluster-dir")).toAbsolutePath();
        return new SmallBenchSettings(
                given.getOrDefault("mode", "small"),
                clusterDir,
                Path.of(given.getOrDefault("out", "bench/target/small-bench")).toAbsolutePath(),
                duration(given.getOrDefault("warmup", "30s")),
                duration(given.getOrDefault("warmup-max", "600s")),
                Double.parseDouble(given.getOrDefault("jit-settled", "0.3")),
                duration(given.getOrDefault("phase", "20s")),
                duration(given.getOrDefault("floor", "5s")),
                Arrays.stream(given.getOrDefault("clients", "1,8,32").split(",")).map(String::trim).map(Integer::parseInt).toList(),
                Integer.parseInt(given.getOrDefault("mixed-clients", "32")),
                Integer.parseInt(given.getOrDefault("read-percent", "80")),
                Integer.parseInt(given.getOrDefault("text-bytes", "3072")),
                Integer.parseInt(given.getOrDefault("heal-docs", "10000")),
                Integer.parseInt(given.getOrDefault("heal-clients", "32")),
                duration(given.getOrDefault("heal-before", "20s")),
                duration(given.getOrDefault("heal-timeout", "1800s")),
                given.getOrDefault("heal-victim", "node-3"),
                duration(given.getOrDefault("poll", "1s")));
    }

    /** What a phase's clients do. */
    public enum Load { WRITE, READ, MIXED }

    /** One shape of load: {@code load} at {@code clients} clients. */
    public record Shape(Load load, int clients) {
    }

    /**
     * The measured phases' shapes, in their order: writes at each client count, reads at each, the
     * mixed run. The warm-up runs the same, in turn, in each of its stretches. Why not writes and
     * reads at 8 clients, as until session 41: the nodes take another path for a batch that arrives alone (written
     * on the event loop) than for batches that arrive together (on workers), and code compiled on the one
     * was thrown away on the other: with -XX:+PrintCompilation, each node's lone-write phase began with
     * 5-17 uncommon traps (BatchWrite.add, SegmentLog.appendAll, the SHA-256 digest among them) and
     * compiled 92-117 methods; after a warm-up of every shape 1-11 and 32-90, and the cluster's
     * compiler CPU in that phase 2.1 s against 6.0 (docs/benchmarks.md, session 41).
     */
    public List<Shape> phaseShapes() {
        List<Shape> shapes = new ArrayList<>();
        clients.forEach(n -> shapes.add(new Shape(Load.WRITE, n)));
        clients.forEach(n -> shapes.add(new Shape(Load.READ, n)));
        shapes.add(new Shape(Load.MIXED, mixedClients));
        return List.copyOf(shapes);
    }

    /** The settings as the report records them. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mode", mode);
        d.put("warmup", warmup.toString());
        d.put("warmupMax", warmupMax.toString());
        d.put("jitSettled", Double.toString(jitSettled));
        d.put("phase", phase.toString());
        d.put("floor", floor.toString());
        d.put("clients", clients.toString());
        d.put("mixedClients", Integer.toString(mixedClients));
        d.put("readPercent", Integer.toString(readPercent));
        d.put("textBytes", Integer.toString(textBytes));
        if (mode.equals("heal")) {
            d.put("healDocs", Integer.toString(healDocs));
            d.put("healClients", Integer.toString(healClients));
            d.put("healBefore", healBefore.toString());
            d.put("healTimeout", healTimeout.toString());
            d.put("healVictim", healVictim);
            d.put("poll", poll.toString());
        }
        return d;
    }

    /** {@code 500ms}, {@code 20s}, {@code 20} (seconds), {@code 2m}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
    }
}
