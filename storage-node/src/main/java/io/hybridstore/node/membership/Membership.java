package io.hybridstore.node.membership;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.node.EtcdNodeRegistration;
import io.hybridstore.io.node.NodeRegistration;
import io.hybridstore.node.NodeConfig;
import io.hybridstore.node.store.DiskChunkStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This node's place in the cluster. It registers once the HTTP server listens — never advertising a
 * URL that does not answer yet, and knowing the real port when it was 0 — and deregisters first
 * thing on shutdown, so gateways stop sending to it before it stops serving.
 */
@ApplicationScoped
public class Membership {
    private static final Logger LOG = Logger.getLogger(Membership.class);

    private final NodeConfig.Node node;
    private final NodeConfig.Etcd etcdConfig;
    private final DiskChunkStore store;
    private final String version;
    private final ValueRegistry runtimeValues;
    private final long startedAt = System.currentTimeMillis();
    private volatile EtcdConnection etcd;
    private volatile NodeRegistration registration;

    Membership(NodeConfig.Node node, NodeConfig.Etcd etcdConfig, DiskChunkStore store,
            @ConfigProperty(name = "quarkus.application.version") String version, ValueRegistry runtimeValues) {
        this.runtimeValues = runtimeValues;
        this.node = node;
        this.etcdConfig = etcdConfig;
        this.store = store;
        this.version = version;
    }

    /** Quarkus fires this asynchronously once the server listens; the options still say port 0 when it was random. */
    void onHttpStart(@ObservesAsync HttpServerStart start) {
        try {
            register(start);
        } catch (RuntimeException e) {
            // An async observer's exception would vanish: say it, and readiness stays down.
            LOG.error("cannot start the node's registration", e);
        }
    }

    private void register(HttpServerStart start) {
        List<String> endpoints = etcdConfig.endpoints().orElse(List.of()).stream()
                .map(String::trim).filter(e -> !e.isEmpty()).toList();
        if (endpoints.isEmpty()) {
            LOG.warn("ETCD_ENDPOINTS is not set: this node serves chunks but does not register in any cluster");
            return;
        }
        String url = node.url().orElseGet(() -> "http://" + advertisedHost(start.options().getHost()) + ":" + runtimeValues.get(HttpServer.HTTP_SERVER).getPort());
        etcd = EtcdConnection.connect(endpoints, etcdConfig.prefix(), etcdConfig.requestTimeout());
        registration = EtcdNodeRegistration.start(etcd, () -> nodeInfo(url), node.timeout(), node.heartbeatInterval());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        if (registration != null) {
            registration.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    /** Empty when the node runs without etcd (ETCD_ENDPOINTS unset). */
    public Optional<NodeRegistration> registration() {
        return Optional.ofNullable(registration);
    }

    NodeInfo nodeInfo(String url) {
        return new NodeInfo(node.id(), url, node.zone().orElse(""), store.capacityBytes(), store.usedBytes(),
                store.chunkCount(), startedAt, version);
    }

    /** A wildcard bind address is not an address others can use: advertise loopback (set NODE_URL otherwise). */
    private static String advertisedHost(String bound) {
        return bound == null || bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("[::]") ? "127.0.0.1" : bound;
    }
}
