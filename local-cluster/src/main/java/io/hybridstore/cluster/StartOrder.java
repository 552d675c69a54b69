package io.hybridstore.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The order a cluster's processes start and stop in. They start in tiers, each waiting only for what
 * it needs (nodes and healers need etcd, gateways Kafka too), the processes of a tier side by side;
 * they stop in reverse: apps, nodes, Kafka, etcd.
 */
final class StartOrder {
    private final ClusterProcesses processes;
    private final Duration startTimeout;
    /** Set while stopping: a start still running (Ctrl-C during `make run` start-up) launches nothing more. */
    private volatile boolean stopping;

    StartOrder(ClusterProcesses processes, Duration startTimeout) {
        this.processes = processes;
        this.startTimeout = startTimeout;
    }

    /**
     * Starts every process and returns once all are healthy; {@code gatewaysUp} runs as soon as the
     * gateways are (the healers may still be starting). On failure the tiers still starting are
     * waited for (each bounded by its timeout), so that a stop afterwards stops them too.
     */
    void startAll(Runnable gatewaysUp) {
        stopping = false;
        List<CompletableFuture<Void>> background = new ArrayList<>();
        try {
            startTogether(List.of(EtcdServer.NAME));
            CompletableFuture<Void> kafka = inBackground(processes.names(Role.KAFKA), background);
            startTogether(processes.names(Role.STORAGE_NODE));
            CompletableFuture<Void> healers = inBackground(processes.names(Role.HEALER), background);
            Parallel.join(kafka);
            startTogether(processes.names(Role.GATEWAY));
            gatewaysUp.run();
            Parallel.join(healers);
        } catch (RuntimeException e) {
            background.forEach(tier -> tier.exceptionally(ignored -> null).join());
            throw e;
        }
    }

    /** Gracefully, in reverse start order. */
    void stopAll() {
        stopping = true;
        List<String> apps = new ArrayList<>(processes.names(Role.HEALER));
        apps.addAll(processes.names(Role.GATEWAY));
        processes.together(apps, Member::stop);
        processes.together(processes.names(Role.STORAGE_NODE), Member::stop);
        processes.together(processes.names(Role.KAFKA), Member::stop);
        processes.together(List.of(EtcdServer.NAME), Member::stop);
    }

    /** SIGKILL, all at once. */
    void killAll() {
        stopping = true;
        processes.together(processes.names(), Member::kill);
    }

    private CompletableFuture<Void> inBackground(List<String> names, List<CompletableFuture<Void>> background) {
        CompletableFuture<Void> tier = CompletableFuture.runAsync(() -> startTogether(names), Parallel.THREADS);
        background.add(tier);
        return tier;
    }

    private void startTogether(List<String> names) {
        processes.together(names, m -> {
            if (stopping) {
                throw new LocalClusterException("not starting " + m.name() + ": the cluster is stopping");
            }
            m.start(startTimeout);
        });
    }
}
