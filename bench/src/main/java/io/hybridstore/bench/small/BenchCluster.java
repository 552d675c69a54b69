package io.hybridstore.bench.small;

import io.hybridstore.cluster.LocalCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running local cluster the script started, seen through its layout and pid files. Never
 * closed from here: {@link LocalCluster#close} would stop it, and stopping is the script's job (its
 * trap runs whatever happens to this JVM).
 */
final class BenchCluster {
    static final String ETCD = "etcd";

    private final LocalCluster cluster;

    BenchCluster(Path dir) {
        this.cluster = LocalCluster.attach(dir);
    }

    /** Every running process's pid by name: etcd, kafka, the nodes, gateways, healers. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : cluster.processNames()) {
            cluster.pid(name).ifPresent(pid -> pids.put(name, pid));
        }
        return pids;
    }

    /** The JVMs (every process but etcd) by name, for their JIT time. */
    Map<String, Long> jvmPids() {
        Map<String, Long> jvms = pids();
        jvms.remove(ETCD);
        return jvms;
    }

    URI gateway() {
        return cluster.url(cluster.gatewayNames().get(0));
    }

    URI node(String name) {
        return cluster.url(name);
    }

    List<String> nodeNames() {
        return cluster.nodeNames();
    }

    /** The healers' URLs by name. */
    Map<String, URI> healers() {
        Map<String, URI> healers = new LinkedHashMap<>();
        cluster.healerNames().forEach(name -> healers.put(name, cluster.url(name)));
        return healers;
    }

    String token() {
        return cluster.clusterToken();
    }

    String etcdEndpoints() {
        return cluster.etcdEndpoints();
    }

    String kafkaBootstrap() {
        return cluster.kafkaBootstrap();
    }

    /** SIGKILL, as {@code make kill-node} does. */
    void kill(String name) {
        cluster.kill(name);
    }
}
