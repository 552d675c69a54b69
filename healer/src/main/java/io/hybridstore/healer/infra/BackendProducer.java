package io.hybridstore.healer.infra;

import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryLeaderElector;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.healer.HealerConfig;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdHealerState;
import io.hybridstore.io.etcd.EtcdLeaderElector;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import io.hybridstore.io.http.HttpChunkStore;
import io.hybridstore.io.node.EtcdNodeDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Builds the {@link Backend} the configuration asks for; the only place that names concrete adapters. */
@ApplicationScoped
public class BackendProducer {

    private static final Logger LOG = Logger.getLogger(BackendProducer.class);

    @Produces
    @Singleton // records and final classes cannot be proxied; nothing needs laziness here
    Backend backend(HealerConfig config, Vertx vertx) {
        return config.healer().backend() == HealerConfig.Backend.memory ? memory() : real(config, vertx);
    }

    void close(@Disposes Backend backend) {
        try {
            backend.closer().close();
        } catch (Exception e) {
            LOG.warnf("closing the healer backend: %s", e.getMessage());
        }
    }

    private static Backend memory() {
        return new Backend(new InMemoryMetadataStore(), StaticNodeDirectory.of(8, 0), new InMemoryChunkStore(),
                new InMemoryLeaderElector(), new HealerStateStore.InMemory(), t -> true, () -> { });
    }

    private static Backend real(HealerConfig config, Vertx vertx) {
        HealerConfig.Healer h = config.healer();
        String token = config.cluster().token().orElseThrow(() -> new IllegalStateException("CLUSTER_TOKEN is required"));
        EtcdConnection etcd = EtcdConnection.connect(
                config.etcd().endpoints().orElseThrow(() -> new IllegalStateException("ETCD_ENDPOINTS is required")),
                config.etcd().prefix(), config.etcd().requestTimeout());
        Duration connect = h.nodeTimeout().compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : h.nodeTimeout();
        EtcdLeaderElector elector = new EtcdLeaderElector(etcd, h.leaseTtl());
        HttpChunkStore chunks = new HttpChunkStore(vertx, token, connect, h.nodeTimeout());
        return new Backend(new EtcdMetadataStore(etcd), new EtcdNodeDirectory(etcd, h.nodeCache()),
                chunks, elector, new EtcdHealerState(etcd),
                etcd::isReachable,
                () -> {
                    chunks.close();
                    elector.close();
                    etcd.close();
                });
    }
}
