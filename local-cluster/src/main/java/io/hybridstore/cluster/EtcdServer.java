package io.hybridstore.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A single-member etcd on 127.0.0.1, as its own process (the {@code etcd} binary, 3.4+).
 *
 * <p>Standalone use, e.g. a test that needs only etcd: {@code try (var etcd = EtcdServer.start(tempDir)) {...}}.
 * The short heartbeat and election timeout make it ready in about 0.2 s.
 */
public final class EtcdServer extends OneProcessMember implements AutoCloseable {
    static final String NAME = "etcd";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    static final String AUTO_COMPACTION_RETENTION = "5m";
    static final long QUOTA_BACKEND_BYTES = 2L << 30;
    /**
     * etcd's Go runtime on two processors (the bench machine's 2 cores). Why: with one, a request
     * that arrives while etcd's only running thread waits for a core (a dozen JVMs share the cores)
     * waits with it: at 32 readers the gets' wait for their request in the gateway had p99 15-21 ms
     * with one processor against 6-7 with two, and the reads' meta p99 18-25 ms against 15; the read
     * p99 itself was not resolved in four runs (docs/benchmarks.md, session 30, h34-etcd). Its price
     * is etcd's CPU per operation, a fifth to a half more (one processor was chosen for that CPU in
     * session 24, h27-etcd); the cluster's CPU per read stayed where it was,
     * per write it rose by 8 %, under goal 3's 2 ms. The writes' p99 did not move: their commits
     * wait for etcd's WAL and backend commits, not for a core. A GOMAXPROCS already in the launcher's
     * environment wins, for an A/B ({@code GOMAXPROCS=1}).
     */
    static final String GOMAXPROCS = "2";
    /**
     * Puts (and deletes) after which etcd commits its backend at once instead of at the next 100-ms tick.
     * Why: etcd 3.4 copies its buffer of uncommitted writes for every read request, the whole array, and
     * that array only grows: after 32 writers filled it to ~4,600 entries a lone get allocated ~225 KB
     * in etcd, ~250 MB/s at 32 readers with a live heap of ~600 MB (docs/benchmarks.md, session 29,
     * h33-read). Under 384 puts plus one transaction (at most 128 operations) a bucket's buffer stays at
     * its first 512 entries (24 KB a bucket). etcd 3.5 (compose, k8s) caches the copy instead. Passed
     * as etcd's own variable so that an exported one wins, for an A/B (etcd's default is 10000).
     */
    static final String BACKEND_BATCH_LIMIT = "384";
    private static final String BACKEND_BATCH_LIMIT_VARIABLE = "ETCD_BACKEND_BATCH_LIMIT";

    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private final ManagedProcess process;

    EtcdServer(Path dir, int clientPort, int peerPort, Path logFile, Path pidFile) {
        this.dir = dir.toAbsolutePath();
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.process = new ManagedProcess(NAME, logFile, pidFile, dataDir() + " ");
    }

    /** Starts an etcd on free ports with its data and log under {@code dir}; stopped at JVM exit at the latest. */
    public static EtcdServer start(Path dir) {
        Path absolute = dir.toAbsolutePath();
        EtcdServer etcd = new EtcdServer(absolute, Ports.free(), Ports.free(), absolute.resolve("etcd.log"), null);
        Reaper.register(etcd);
        try {
            etcd.start(START_TIMEOUT);
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
        return etcd;
    }

    /** The client URL, e.g. {@code http://127.0.0.1:2379}: the value of {@code ETCD_ENDPOINTS}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(Duration timeout) {
        if (!process.isRunning()) {
            process.launch(command(Binaries.etcd(), dataDir(), clientPort, peerPort), java.util.Map.of(), EtcdServer::environment, dir);
        }
        process.awaitReady("healthy at " + endpoint() + "/health", timeout, this::isHealthy);
    }

    /** Starts it again on the same ports and data dir (after {@link #kill()} or {@link #stop()}). */
    public void restart() {
        stop();
        start(START_TIMEOUT);
    }

    /** etcd 3.4 answers {@code {"health":"true"}} once it has a leader. */
    @Override
    public boolean isHealthy() {
        try {
            var response = HttpProbe.get(URI.create(endpoint() + "/health"));
            return response.statusCode() == 200 && response.body().contains("\"true\"");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    ManagedProcess process() {
        return process;
    }

    @Override
    Duration stopGrace() {
        return STOP_GRACE;
    }

    @Override
    public URI url() {
        return URI.create(endpoint());
    }

    @Override
    public Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        stop();
        Reaper.unregister(this);
    }

    /** What etcd inherits from the launcher's environment, edited in place. */
    static void environment(Map<String, String> env) {
        // etcd reads ETCD_* variables as flags: an exported ETCD_ENDPOINTS must not reach it.
        env.keySet().removeIf(key -> key.startsWith("ETCD_") && !key.equals(BACKEND_BATCH_LIMIT_VARIABLE));
        env.putIfAbsent("GOMAXPROCS", GOMAXPROCS);
        env.putIfAbsent(BACKEND_BATCH_LIMIT_VARIABLE, BACKEND_BATCH_LIMIT);
    }

    static List<String> command(Path etcd, Path dataDir, int clientPort, int peerPort) {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        return List.of(etcd.toString(),
                "--name", NAME,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", NAME + "=" + peer,
                "--initial-cluster-state", "new",
                // One member on loopback: a 10 ms heartbeat makes it leader in ~0.2 s instead of ~2 s.
                "--heartbeat-interval", "10",
                "--election-timeout", "100",
                // Every metadata commit and healer CAS adds a revision; without compaction the history of
                // overwritten records fills the quota (as in deploy/compose and deploy/k8s, with a shorter
                // retention: nothing here reads history, and bench runs overwrite fast).
                "--auto-compaction-mode", "periodic",
                "--auto-compaction-retention", AUTO_COMPACTION_RETENTION,
                // etcd's default, stated: 1M compact records (~230 B), their index keys and an hour of
                // history fit (docs/operations.md, "etcd size").
                "--quota-backend-bytes", Long.toString(QUOTA_BACKEND_BYTES),
                "--logger", "zap",
                "--log-outputs", "stderr");
    }
}
