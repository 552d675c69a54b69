package io.hybridstore.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A real hybridstore cluster on this machine: etcd, a Kafka broker, storage nodes, gateways and
 * healers, each its own process on 127.0.0.1, with logs under {@code <baseDir>/logs}, data under
 * {@code <baseDir>/<name>/data} and pids under {@code <baseDir>/pids}.
 *
 * <p>Tests share one cluster per JVM through {@link #shared()}; a test that needs another shape builds
 * its own, e.g. {@code LocalCluster.builder().gateways(0).healers(0).kafka(false).start()}.
 *
 * <p>This class is the API; {@link ClusterProcesses} builds the processes, {@link StartOrder} starts
 * and stops them, {@link ClusterEnv} writes cluster.env and {@link LocalAccessKey} makes the access key.
 */
public final class LocalCluster implements AutoCloseable {
    static final String LOGS_DIR = "logs";
    static final String PIDS_DIR = "pids";
    private static final System.Logger LOG = System.getLogger(LocalCluster.class.getName());
    private static LocalCluster shared;
    private static RuntimeException sharedFailure;

    private final Path baseDir;
    private final Layout layout;
    private final boolean fixedPorts;
    private final boolean detached;
    private final Duration startTimeout;
    private final String token;
    /** Set once the gateway is up and has made the key (empty before, or with no gateway). */
    private volatile Optional<LocalAccessKey> accessKey = Optional.empty();
    private final Map<Role, Path> jars;
    private final ClusterProcesses processes;
    private final StartOrder order;
    private boolean isShared;
    /**
     * What the shutdown hook runs. The shared cluster's data is thrown away, so it is killed: a graceful
     * stop of a dozen JVMs on a loaded machine can outlast surefire's wait for the test JVM to exit.
     */
    private final AutoCloseable stopAtExit = () -> {
        if (isShared) {
            killAll();
        } else {
            stopAll();
        }
    };
    private volatile boolean started;

    LocalCluster(Path baseDir, Layout layout, LocalClusterBuilder options, Map<Role, Path> jars) {
        this.baseDir = baseDir.toAbsolutePath();
        this.layout = layout;
        this.fixedPorts = options.fixedPorts;
        this.detached = options.detached;
        this.startTimeout = options.startTimeout;
        this.token = ClusterToken.loadOrCreate(this.baseDir);
        this.jars = Map.copyOf(jars);
        this.processes = new ClusterProcesses(this.baseDir, layout, token, new ClusterProcesses.Options(options.walPartitions,
                options.consoleActions, options.appEnv, options.env, options.javaOpts, options.nodeJit, options.gatewayJit, options.healerJit,
                options.nodeHeap, options.gatewayHeap, options.healerHeap), jars);
        this.order = new StartOrder(processes, startTimeout);
    }

    public static LocalClusterBuilder builder() {
        return new LocalClusterBuilder();
    }

    /**
     * The one cluster of this JVM, started on first call: free ports, base dir {@code target/local-cluster/<pid>},
     * etcd, Kafka, and 8 storage nodes, a gateway and 2 healers as far as their jars exist (a missing jar
     * is skipped with a warning; under CI or {@code make test} it fails, see {@link RequiredApps}). Killed
     * (SIGKILL) by a shutdown hook. A test that kills a process must start it again before it ends.
     */
    public static synchronized LocalCluster shared() {
        if (shared == null) {
            if (sharedFailure != null) {
                throw new LocalClusterException("the shared local cluster failed to start earlier in this JVM", sharedFailure);
            }
            try {
                LocalCluster cluster = sharedBuilder(RequiredApps.required()).baseDir(SharedRuns.newRunDir()).build();
                cluster.isShared = true;
                cluster.start();
                shared = cluster;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** The shared cluster's shape: everything, a missing app jar skipped unless {@code appsRequired}. */
    static LocalClusterBuilder sharedBuilder(boolean appsRequired) {
        return builder().skipMissingApps(!appsRequired);
    }

    /** Controls a cluster another process started in {@code baseDir} (`make up`): status, kill, start, close. */
    public static LocalCluster attach(Path baseDir) {
        return attach(baseDir, builder());
    }

    /**
     * As {@link #attach(Path)}, an app started again running the JIT and heap {@code choices} holds for its role
     * ({@link LocalClusterBuilder#nodeJit}, {@link LocalClusterBuilder#nodeHeap} and the like: the choices are not
     * saved with the layout); its other settings are not read.
     */
    public static LocalCluster attach(Path baseDir, LocalClusterBuilder choices) {
        try {
            Layout layout = Layout.load(baseDir);
            LocalClusterBuilder options = builder().baseDir(baseDir).detached(true).nodeJit(choices.nodeJit)
                    .gatewayJit(choices.gatewayJit).healerJit(choices.healerJit).nodeHeap(choices.nodeHeap).gatewayHeap(choices.gatewayHeap)
                    .healerHeap(choices.healerHeap);
            return new LocalCluster(baseDir, layout, options, AppJars.savedOrFound(baseDir, layout));
        } catch (IOException e) {
            throw new LocalClusterException("cannot read the cluster layout in " + baseDir, e);
        }
    }

    /** Starts every process, dependencies first, and returns once all are healthy; on failure stops what it started. */
    public synchronized void start() {
        if (started) {
            return;
        }
        processes.refuseIfAnyRuns(baseDir);
        if (fixedPorts) {
            layout.requirePortsFree();
        }
        writeClusterFiles();
        if (!detached) {
            Reaper.register(stopAtExit);
        }
        started = true;
        long begin = System.nanoTime();
        try {
            order.startAll(this::provisionAccessKey);
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "local cluster up in " + (System.nanoTime() - begin) / 1_000_000 + " ms: "
                + String.join(", ", processNames()) + " (" + baseDir + ")");
    }

    public String etcdEndpoints() {
        return processes.get(EtcdServer.NAME).url().toString();
    }

    public String kafkaBootstrap() {
        return kafka().bootstrapServers();
    }

    /** The etcd process, e.g. to restart it. */
    public EtcdServer etcd() {
        return (EtcdServer) processes.get(EtcdServer.NAME);
    }

    /** The Kafka broker, e.g. to create another topic; fails if this cluster runs without Kafka. */
    public KafkaBroker kafka() {
        if (!processes.has(KafkaBroker.NAME)) {
            throw new LocalClusterException("this cluster runs without Kafka");
        }
        return (KafkaBroker) processes.get(KafkaBroker.NAME);
    }

    public String clusterToken() {
        return token;
    }

    /** {@code http://127.0.0.1:PORT} of an app, etcd's client URL, or {@code kafka://127.0.0.1:PORT}. */
    public URI url(String name) {
        return member(name).url();
    }

    /** {@code http://127.0.0.1:PORT} of a gateway's S3 API. */
    public URI s3Url(String gatewayName) {
        return processes.s3Url(gatewayName);
    }

    /** All processes, in start order: etcd, kafka, node-1..., gateway-1..., healer-1... */
    public List<String> processNames() {
        return processes.names();
    }

    public List<String> nodeNames() {
        return processes.names(Role.STORAGE_NODE);
    }

    public List<String> gatewayNames() {
        return processes.names(Role.GATEWAY);
    }

    public List<String> healerNames() {
        return processes.names(Role.HEALER);
    }

    /** SIGKILL; returns once the process has exited. */
    public void kill(String name) {
        member(name).kill();
    }

    /** Graceful SIGTERM (SIGKILL after a grace period); returns once the process has exited. */
    public void stop(String name) {
        member(name).stop();
    }

    /** (Re)starts one process on its same port and data dir and waits until it is healthy; a no-op wait if it runs. */
    public void start(String name) {
        member(name).start(startTimeout);
    }

    /** Waits until every process answers its health check, e.g. until the nodes have re-registered after an etcd restart. */
    public void awaitHealthy(Duration timeout) {
        Wait.until("every process of " + baseDir + " to be healthy", timeout,
                () -> processes.all().stream().allMatch(Member::isHealthy),
                () -> "; not healthy: " + processes.all().stream().filter(m -> !m.isHealthy()).map(Member::name).toList());
    }

    public boolean isRunning(String name) {
        return member(name).isRunning();
    }

    public boolean isHealthy(String name) {
        return member(name).isHealthy();
    }

    public OptionalLong pid(String name) {
        return member(name).pid();
    }

    public Path dataDir(String name) {
        return member(name).dataDir();
    }

    public Path logFile(String name) {
        return member(name).logFile();
    }

    public Path baseDir() {
        return baseDir;
    }

    /**
     * Stops every process, gracefully, in reverse start order. On the {@link #shared()} cluster this
     * does nothing (other tests still use it): its shutdown hook stops it.
     */
    @Override
    public void close() {
        if (isShared) {
            LOG.log(System.Logger.Level.WARNING, "close() on the shared local cluster ignored: it stops at JVM exit");
            return;
        }
        stopAll();
    }

    private void killAll() {
        order.killAll();
        started = false;
        Reaper.unregister(stopAtExit);
    }

    /** Not synchronized with start(): the shutdown hook must be able to stop a cluster that is still starting. */
    private void stopAll() {
        boolean announce = started;
        if (announce) {
            LOG.log(System.Logger.Level.INFO, "stopping local cluster " + baseDir);
        }
        order.stopAll();
        started = false;
        Reaper.unregister(stopAtExit);
        if (announce) {
            LOG.log(System.Logger.Level.INFO, "stopped local cluster " + baseDir);
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + baseDir + "]";
    }

    private void writeClusterFiles() {
        try {
            Files.createDirectories(baseDir.resolve(LOGS_DIR));
            Files.createDirectories(baseDir.resolve(PIDS_DIR));
            layout.save(baseDir);
            AppJars.save(baseDir, jars);
        } catch (IOException e) {
            throw new LocalClusterException("cannot write the cluster files in " + baseDir, e);
        }
        ClusterEnv.write(baseDir, environment());
    }

    /** Creates (or finds again) the cluster's access key through the first gateway and adds it to cluster.env. */
    private void provisionAccessKey() {
        Optional<String> gateway = gatewayNames().stream().findFirst();
        if (gateway.isEmpty()) {
            return;
        }
        accessKey = LocalAccessKey.ensure(baseDir, url(gateway.get()), token);
        if (accessKey.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "the gateway has no /admin/access-keys (an older build): no access key in cluster.env");
            return;
        }
        ClusterEnv.write(baseDir, environment());
    }

    /** What cluster.env exports: the endpoints a client or a hand-started app needs. */
    Map<String, String> environment() {
        return ClusterEnv.variables(processes, token, accessKey, baseDir);
    }

    /** The access key the cluster made for its user (aws, rclone, s3cmd, Bearer on the JSON API), once the gateway is up. */
    public Optional<String> accessKeyId() {
        return accessKey.map(LocalAccessKey::id);
    }

    public Optional<String> secretAccessKey() {
        return accessKey.map(LocalAccessKey::secret);
    }

    private Member member(String name) {
        return processes.get(name);
    }
}
