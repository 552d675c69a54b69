package io.hybridstore.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to build a {@link LocalCluster} ({@link LocalCluster#builder()}); every setting has a default, so
 * {@code builder().start()} starts the full cluster. The settings it keeps are read by the cluster it builds.
 */
public final class LocalClusterBuilder {
    private Path baseDir;
    boolean fixedPorts;
    private int storageNodes = 8;
    private int gateways = 1;
    private int healers = 2;
    private boolean kafka = true;
    final Map<String, Map<String, String>> env = new LinkedHashMap<>();
    final Map<String, String> appEnv = new LinkedHashMap<>();
    final List<String> javaOpts = new ArrayList<>();
    Duration startTimeout = Duration.ofSeconds(120);
    int walPartitions = KafkaBroker.DEFAULT_WAL_PARTITIONS;
    private boolean skipMissingApps;
    boolean consoleActions;
    boolean detached;
    NodeJit nodeJit = NodeJit.SHORT_LIVED;
    NodeJit gatewayJit = NodeJit.GATEWAY;
    NodeJit healerJit = NodeJit.HEALER;
    AppHeap nodeHeap = AppHeap.SHORT_LIVED;
    AppHeap gatewayHeap = AppHeap.SHORT_LIVED;
    AppHeap healerHeap = AppHeap.HEALER;
    private final AppJars jars = new AppJars();

    LocalClusterBuilder() {
    }

    /** Where logs, data, pids, cluster.env and the token live; default: a new temp dir. Kept across restarts. */
    public LocalClusterBuilder baseDir(Path dir) {
        this.baseDir = dir;
        return this;
    }

    /** The well-known ports of `make run` (gateway 8080, nodes 8081-..., etcd 2379, Kafka 9092); default: free ports. */
    public LocalClusterBuilder fixedPorts(boolean fixed) {
        this.fixedPorts = fixed;
        return this;
    }

    public LocalClusterBuilder storageNodes(int count) {
        this.storageNodes = count;
        return this;
    }

    public LocalClusterBuilder gateways(int count) {
        this.gateways = count;
        return this;
    }

    public LocalClusterBuilder healers(int count) {
        this.healers = count;
        return this;
    }

    public LocalClusterBuilder kafka(boolean enabled) {
        this.kafka = enabled;
        return this;
    }

    /** An environment variable for one app process (e.g. "node-3"), over the defaults the cluster sets. */
    public LocalClusterBuilder env(String processName, String key, String value) {
        env.computeIfAbsent(processName, n -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /** An environment variable for every app process (storage nodes, gateways, healers). */
    public LocalClusterBuilder appEnv(String key, String value) {
        appEnv.put(key, value);
        return this;
    }

    /** Which JIT compilers the storage nodes run; default {@link NodeJit#SHORT_LIVED} (C1: see there why). */
    public LocalClusterBuilder nodeJit(NodeJit jit) {
        this.nodeJit = java.util.Objects.requireNonNull(jit);
        return this;
    }

    /** Which JIT compilers the gateways run; default {@link NodeJit#GATEWAY} (the JVM's own, tiered). */
    public LocalClusterBuilder gatewayJit(NodeJit jit) {
        this.gatewayJit = java.util.Objects.requireNonNull(jit);
        return this;
    }

    /** Which JIT compilers the healers run; default {@link NodeJit#HEALER} (the JVM's own, tiered). */
    public LocalClusterBuilder healerJit(NodeJit jit) {
        this.healerJit = java.util.Objects.requireNonNull(jit);
        return this;
    }

    /** The storage nodes' heap; default {@link AppHeap#SHORT_LIVED} (256 MiB: see there why). */
    public LocalClusterBuilder nodeHeap(AppHeap heap) {
        this.nodeHeap = java.util.Objects.requireNonNull(heap);
        return this;
    }

    /** The gateways' heap; default {@link AppHeap#SHORT_LIVED} (256 MiB). */
    public LocalClusterBuilder gatewayHeap(AppHeap heap) {
        this.gatewayHeap = java.util.Objects.requireNonNull(heap);
        return this;
    }

    /** The healers' heap; default {@link AppHeap#HEALER} (256 MiB), in every kind of cluster. */
    public LocalClusterBuilder healerHeap(AppHeap heap) {
        this.healerHeap = java.util.Objects.requireNonNull(heap);
        return this;
    }

    /** Extra JVM options for every app process, after the defaults (the heap, -XX:+UseSerialGC, the JIT's). */
    public LocalClusterBuilder javaOpts(String... options) {
        javaOpts.addAll(List.of(options));
        return this;
    }

    /** How long each process may take to become healthy; default 120 s (JVMs start slowly on a loaded machine). */
    public LocalClusterBuilder startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Partitions of topic wal-events; default {@value KafkaBroker#DEFAULT_WAL_PARTITIONS}. */
    public LocalClusterBuilder walPartitions(int partitions) {
        this.walPartitions = partitions;
        return this;
    }

    /**
     * Lets the healers' console kill and start storage nodes (behind the cluster token) by pointing
     * them at this cluster's base dir; default: off. A healer restarted with {@code start NAME}
     * comes back without it.
     */
    public LocalClusterBuilder consoleActions(boolean enabled) {
        this.consoleActions = enabled;
        return this;
    }

    /** Leave out, with a warning, the apps whose jar is not built; default: fail. */
    public LocalClusterBuilder skipMissingApps(boolean skip) {
        this.skipMissingApps = skip;
        return this;
    }

    /** The checkout holding the app modules; default: found from the working dir (see RepoRoot). */
    public LocalClusterBuilder repoRoot(Path root) {
        jars.repoRoot(root);
        return this;
    }

    /** Runs this jar for a module ("storage-node", "api-gateway", "healer") instead of its target/quarkus-app one. */
    public LocalClusterBuilder jar(String module, Path jar) {
        Role role = java.util.Arrays.stream(Role.values()).filter(r -> module.equals(r.module())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no app module " + module));
        jars.set(role, jar);
        return this;
    }

    /** Processes keep running when this JVM exits (make up); default: a shutdown hook stops them. */
    LocalClusterBuilder detached(boolean detach) {
        this.detached = detach;
        return this;
    }

    public LocalCluster build() {
        Path dir = baseDir;
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("hybridstore-cluster");
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot create a base dir", e);
        }
        int nodes = jars.included(Role.STORAGE_NODE, storageNodes, skipMissingApps);
        int gatewayCount = jars.included(Role.GATEWAY, gateways, skipMissingApps);
        int healerCount = jars.included(Role.HEALER, healers, skipMissingApps);
        Layout layout = Layout.plan(nodes, gatewayCount, healerCount, kafka, fixedPorts);
        return new LocalCluster(dir, layout, this, jars.forLayout(layout));
    }

    /** Shorthand for {@code build().start()}. */
    public LocalCluster start() {
        LocalCluster cluster = build();
        cluster.start();
        return cluster;
    }
}
