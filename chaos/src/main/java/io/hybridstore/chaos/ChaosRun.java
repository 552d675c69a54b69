package io.hybridstore.chaos;

import io.hybridstore.chaos.GatewayHttp.MetadataAnswer;
import io.hybridstore.chaos.GatewayHttp.ReadAnswer;
import io.hybridstore.cluster.AppCopies;
import io.hybridstore.cluster.KafkaBroker;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.cluster.LocalClusterBuilder;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * One chaos run, top to bottom: start a private cluster, warm it up, run the clients while the
 * faults fire, stop the clients, wait for the cluster to settle, read every key back, judge.
 */
public final class ChaosRun {
    /** Well above the gateway's own bound on a write (5 s WAL ack, 3 s node calls, 2 s etcd calls). */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /** A dozen JVMs start slowly on two shared cores. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String REPLAY_GROUP = "hybridstore-gateways";
    private static final int REPLICAS = 3;
    private static final int SHARDS = 6;

    private final ChaosSettings settings;
    private final PrintStream out;

    public ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public ChaosReport run() {
        out.printf("chaos run (%s) seed %d -> %s%n", settings.profile(), settings.seed(), settings.dir());
        long begin = System.nanoTime();
        // Private copies of the app builds: a restarted process must run the same build as before,
        // whatever is rebuilt in the checkout meanwhile.
        try (AppCopies apps = AppCopies.of(settings.dir().resolve("apps"));
             LocalCluster cluster = startCluster(apps)) {
            Duration startup = since(begin);
            out.printf("cluster up in %s: %s%n", Fault.seconds(startup), cluster.processNames());
            ChaosReport report = exercise(cluster, startup, begin);
            out.print(report.render());
            return report;
        }
    }

    private LocalCluster startCluster(AppCopies apps) {
        LocalClusterBuilder builder = LocalCluster.builder().baseDir(settings.dir()).startTimeout(START_TIMEOUT)
                // Healer timings short enough for the run to settle within minutes: a pass a second, a dead
                // leader replaced within 8 s, failed repairs retried within seconds, in-progress writes
                // (gateway killed between commit and straggler update) taken over after 10 s.
                .appEnv("HEALER_INTERVAL", "1s")
                .appEnv("HEALER_LEASE_TTL", "8s")
                .appEnv("HEALER_RETRY_BASE", "1s")
                .appEnv("HEALER_RETRY_MAX", "4s")
                .appEnv("HEALER_IN_PROGRESS_GRACE", "10s")
                .appEnv("HEALER_NODE_CACHE", "300ms");
        if (!apps.missing().isEmpty()) {
            throw new IllegalStateException("not built: " + apps.missing() + " (./mvnw -B -DskipTests install)");
        }
        return apps.useIn(builder).start();
    }

    private ChaosReport exercise(LocalCluster cluster, Duration startup, long begin) {
        String gatewayName = cluster.gatewayNames().get(0);
        GatewayHttp gateway = new GatewayHttp(cluster.url(gatewayName), cluster.clusterToken(), WRITE_TIMEOUT, READ_TIMEOUT);
        List<Violation> runViolations = new ArrayList<>();
        if (!warmUp(gateway)) {
            runViolations.add(new Violation(Violation.Kind.RUN, "-", "the cluster never accepted a clean write before the load"));
        }

        List<Fault> plan = FaultSchedule.plan(settings.seed(), settings.load(), settings.rounds(), cluster.nodeNames(),
                gatewayName, settings.nodeDownMin(), settings.nodeDownMax());
        out.println("fault plan:");
        plan.forEach(f -> out.println("  " + f));
        WriteLoad load = new WriteLoad(gateway, new Documents(settings.minBlob(), settings.maxBlob()), settings.seed(), "chaos",
                settings.clients(), settings.keysPerClient(), settings.pace(), settings.readPercent());

        List<FaultEvent> faults;
        Map<String, List<KeyEvent>> histories;
        long loadStopped;
        try (FaultInjector injector = new FaultInjector(cluster)) {
            long loadStart = System.nanoTime();
            load.start();
            injector.start(plan, loadStart);
            sleepUntil(loadStart + settings.load().toNanos()); // the load runs for its duration
            histories = load.stop();
            loadStopped = System.nanoTime();
            out.printf("load stopped after %s%n", Fault.seconds(since(loadStart)));
            faults = injector.await(START_TIMEOUT.multipliedBy(2));
        }
        faults.stream().filter(f -> f.error() != null)
                .forEach(f -> runViolations.add(new Violation(Violation.Kind.RUN, "-", "fault " + f)));
        load.failures().forEach(f -> runViolations.add(new Violation(Violation.Kind.RUN, "-", "client failure: " + f)));

        Convergence.Result convergence;
        try (ReplayLag lag = new ReplayLag(cluster.kafkaBootstrap(), KafkaBroker.WAL_TOPIC, REPLAY_GROUP)) {
            convergence = new Convergence(cluster, gateway, lag, line -> out.println("settling " + line))
                    .await(load.keys(), settings.convergeTimeout(), loadStopped);
        }
        if (!convergence.converged()) {
            runViolations.add(new Violation(Violation.Kind.RUN, "-", "not settled within " + settings.convergeTimeout()
                    + ": " + convergence.lastBlocker()));
        }
        CheckResult check = new WriteChecker(REPLICAS, SHARDS).check(histories, finalStates(gateway, load.keys()));
        return new ChaosReport(settings, faults, load.reads(), convergence, check, runViolations, startup, since(begin));
    }

    /**
     * Fresh JVMs answer their first requests slowly (class loading, JIT); the faults are what is under
     * test, not cold-start latency. Bounded: a few clean writes, or two minutes.
     */
    private boolean warmUp(GatewayHttp gateway) {
        Documents small = new Documents(300, 2_000);
        SplittableRandom random = new SplittableRandom(settings.seed());
        int[] clean = {0};
        int[] n = {0};
        return Poll.until(Duration.ofSeconds(120), () -> {
            String key = "warm-up/" + n[0]++;
            GatewayHttp.WriteAnswer answer = gateway.write(Documents.writeRequest(key, small.document(key, "warm-up", 0, random)).body());
            clean[0] += answer.kind().equals("200") ? 1 : 0;
            return clean[0] >= 3;
        });
    }

    private static Map<String, FinalState> finalStates(GatewayHttp gateway, List<String> keys) {
        Map<String, FinalState> finals = new LinkedHashMap<>();
        for (String key : keys) {
            MetadataAnswer meta = gateway.metadata(key);
            ReadAnswer read = gateway.read(key);
            ObjectMetadata m = meta.metadata();
            finals.put(key, new FinalState(meta.status(), m == null ? null : m.version(), m == null ? null : m.state(),
                    m == null || m.hot() == null ? 0 : storedOnDistinctNodes(m.hot().replicas()),
                    m == null || m.cold() == null ? 0 : storedOnDistinctNodes(m.cold().shards()),
                    read.status(), read.observation().orElse(null)));
        }
        return finals;
    }

    private static int storedOnDistinctNodes(List<ChunkLocation> copies) {
        Set<String> nodes = copies.stream().filter(ChunkLocation::stored).map(ChunkLocation::nodeId).collect(Collectors.toSet());
        return nodes.size();
    }

    private static void sleepUntil(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(Math.max(0, nanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the load", e);
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
