package io.hybridstore.bench.small;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator of {@code make bench-small} and {@code make bench-heal}, run by
 * bench/run-small-bench.sh against the cluster it started: prints markdown tables on stdout and
 * writes the JSON report. Exit code 1 when the run could not be completed.
 */
public final class SmallBenchMain {
    /** Held so the level sticks: gRPC (under jetcd) logs every GOAWAY and reconnect at INFO on stderr. */
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    private SmallBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // The Kafka and etcd clients log through SLF4J; without a binding it would warn on every run.
        System.setProperty("slf4j.provider", System.getProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider"));
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
        SmallBenchSettings settings;
        try {
            settings = SmallBenchSettings.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("small-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(settings);
        } catch (Exception | Error e) {
            System.err.print("small-bench failed: ");
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // the clients' daemon threads and the Kafka and etcd clients' threads must not hold the JVM
    }

    /** The JIT choices the script passed to the launcher (bench/local-cluster.sh), so that an A/B's JSON says which side it is. */
    static String jitChoices(java.util.Map<String, String> env) {
        return "JIT: storage nodes " + choice(env, "NODE_JIT", "tiered-early") + ", gateway " + choice(env, "GATEWAY_JIT", "tiered")
                + ", healers " + choice(env, "HEALER_JIT", "tiered");
    }

    /**
     * The apps inherit the script's environment: a healer's or gateway's setting given for an A/B is said
     * beside the figures. (Not NODE_: other programs' variables share that prefix, e.g. NODE_EXTRA_CA_CERTS.)
     */
    static List<String> settingsGiven(java.util.Map<String, String> env) {
        return env.entrySet().stream().filter(e -> e.getKey().startsWith("HEALER_") || e.getKey().startsWith("GATEWAY_"))
                .filter(e -> !e.getKey().endsWith("_JIT")).map(e -> "environment: " + e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    /** The script passes an unset or empty variable as no option: the launcher's default. */
    private static String choice(java.util.Map<String, String> env, String variable, String launcherDefault) {
        String given = env.get(variable);
        return given == null || given.isBlank() ? launcherDefault + " (default)" : given;
    }

    private static void run(SmallBenchSettings settings) throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runId = Long.toString(started.getEpochSecond(), 36);
        String loadStart = ProcessCpu.loadAverage();
        BenchCluster cluster = new BenchCluster(settings.clusterDir());
        List<String> notes = new ArrayList<>();
        notes.add(jitChoices(System.getenv()));
        notes.addAll(settingsGiven(System.getenv()));
        try (JvmClocks jit = new JvmClocks(cluster.jvmPids())) {
            jit.unreachable().forEach(jvm -> notes.add("JIT and GC time not counted for " + jvm));
            Probe probe = new Probe(cluster.pids(), jit, new CompilerThreadCpu(cluster.jvmPids()));
            List<PhaseReport> phases = List.of();
            List<SmallBenchReport.Floor> floors = new ArrayList<>();
            HealReport heal = null;
            if (settings.mode().equals("small")) {
                phases = new SmallBench(new BenchRun(settings, cluster, probe, runId)).run(floors, notes);
            } else {
                heal = new HealBench(new BenchRun(settings, cluster, probe, runId)).run(floors, notes);
            }
            SmallBenchReport report = new SmallBenchReport(settings.mode(), started.toString(), Runtime.getRuntime().availableProcessors(),
                    loadStart, ProcessCpu.loadAverage(), settings.describe(), phases, floors,
                    SmallBenchReport.Ratios.of(phases, floors), heal, notes);
            Path file = report.write(settings.outDir());
            System.out.println(MarkdownTables.render(report));
            System.out.println("JSON: " + file);
        }
    }
}
