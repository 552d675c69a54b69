package io.hybridstore.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The processes of one cluster by name, in start order (etcd, kafka, node-1..., gateway-1...,
 * healer-1...), each built from its slot of the {@link Layout}: where it keeps data, log and pid,
 * and the environment an app process gets.
 */
final class ClusterProcesses {

    /** What the processes take from the cluster's {@link LocalClusterBuilder}. */
    record Options(int walPartitions, boolean consoleActions, Map<String, String> appEnv,
            Map<String, Map<String, String>> env, List<String> javaOpts, NodeJit nodeJit, NodeJit gatewayJit, NodeJit healerJit,
            AppHeap nodeHeap, AppHeap gatewayHeap, AppHeap healerHeap) {

        /**
         * The JVM options of one app: its role's heap and JIT choices first (storage node, gateway, healer), then the
         * cluster's own for every app.
         */
        List<String> javaOpts(Role role) {
            NodeJit jit = switch (role) {
                case STORAGE_NODE -> nodeJit;
                case GATEWAY -> gatewayJit;
                case HEALER -> healerJit;
                default -> null;
            };
            if (jit == null) {
                return javaOpts;
            }
            AppHeap heap = switch (role) {
                case STORAGE_NODE -> nodeHeap;
                case GATEWAY -> gatewayHeap;
                default -> healerHeap;
            };
            List<String> options = new ArrayList<>(heap.flags());
            options.addAll(jit.flags());
            options.addAll(javaOpts);
            return options;
        }
    }

    private final Layout layout;
    private final Map<String, Member> members = new LinkedHashMap<>();

    ClusterProcesses(Path baseDir, Layout layout, String token, Options options, Map<Role, Path> jars) {
        this.layout = layout;
        for (Layout.Slot slot : layout.slots()) {
            members.put(slot.name(), member(baseDir, slot, token, options, jars));
        }
    }

    Member get(String name) {
        Member m = members.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no process named " + name + " in this cluster; it has " + names());
        }
        return m;
    }

    boolean has(String name) {
        return members.containsKey(name);
    }

    List<String> names() {
        return List.copyOf(members.keySet());
    }

    List<String> names(Role role) {
        return layout.withRole(role).stream().map(Layout.Slot::name).toList();
    }

    List<Member> all() {
        return List.copyOf(members.values());
    }

    /** Runs {@code action} on the named processes side by side and waits for all (see {@link Parallel#forEach}). */
    void together(List<String> names, Consumer<Member> action) {
        Parallel.forEach(names.stream().map(this::get).toList(), action);
    }

    /** Before a start: none of these processes may run already (pid files of a cluster in the same base dir). */
    void refuseIfAnyRuns(Path baseDir) {
        String running = members.values().stream().filter(Member::isRunning)
                .map(m -> m.name() + " (pid " + m.pid().orElse(-1) + ")").collect(Collectors.joining(", "));
        if (!running.isEmpty()) {
            throw new LocalClusterException("a cluster already runs in " + baseDir + ": " + running + "; stop it first (`make down`)");
        }
    }

    /** {@code http://127.0.0.1:PORT} of a gateway's S3 API. */
    URI s3Url(String gatewayName) {
        Layout.Slot slot = layout.withRole(Role.GATEWAY).stream().filter(s -> s.name().equals(gatewayName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no gateway named " + gatewayName + " in this cluster"));
        return URI.create("http://127.0.0.1:" + slot.secondPort());
    }

    private Member member(Path baseDir, Layout.Slot slot, String token, Options options, Map<Role, Path> jars) {
        Path dir = baseDir.resolve(slot.name());
        Path log = baseDir.resolve(LocalCluster.LOGS_DIR).resolve(slot.name() + ".log");
        Path pid = baseDir.resolve(LocalCluster.PIDS_DIR).resolve(slot.name() + ".pid");
        return switch (slot.role()) {
            case ETCD -> new EtcdServer(dir, slot.port(), slot.secondPort(), log, pid);
            case KAFKA -> new KafkaBroker(dir, slot.port(), slot.secondPort(), options.walPartitions(), log, pid);
            case STORAGE_NODE, GATEWAY, HEALER -> {
                String kafka = layout.withRole(Role.KAFKA).stream().map(k -> "127.0.0.1:" + k.port()).findFirst().orElse("");
                String etcd = layout.withRole(Role.ETCD).stream().map(e -> "http://127.0.0.1:" + e.port()).findFirst().orElseThrow();
                Map<String, String> env = new LinkedHashMap<>(AppEnv.of(slot, etcd, kafka, token, dir.resolve("data")));
                if (slot.role() == Role.HEALER && options.consoleActions()) {
                    env.put("HEALER_CONSOLE_ACTIONS_ENABLED", "true");
                    env.put("HEALER_CONSOLE_CLUSTER_DIR", baseDir.toString());
                }
                env.putAll(options.appEnv());
                env.putAll(options.env().getOrDefault(slot.name(), Map.of()));
                yield new QuarkusApp(slot, jars.get(slot.role()), dir, env, options.javaOpts(slot.role()), log, pid);
            }
        };
    }
}
