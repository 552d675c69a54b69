package io.hybridstore.healer.infra;

import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryDeadLetterStore;
import io.hybridstore.common.spi.memory.InMemoryLeaderElector;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.healer.HealerConfig;
import io.hybridstore.io.Closer;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdDeadLetterStore;
import io.hybridstore.io.etcd.EtcdHealerState;
import io.hybridstore.io.etcd.EtcdLeaderElector;
import io.hybridstore.io.etcd.EtcdMetadataFeed;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import io.hybridstore.io.etcd.EtcdMultipartStore;
import io.hybridstore.io.http.HttpChunkStore;
import io.hybridstore.io.node.EtcdNodeDirectory;
import io.quarkus.runtime.LaunchMode;
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
        return create(config, vertx, LaunchMode.current(), new Closer());
    }

    /** {@code built} collects the real adapters as they are built; if a later one throws, the earlier ones are closed. */
    static Backend create(HealerConfig config, Vertx vertx, LaunchMode mode, Closer built) {
        if (config.healer().backend() == HealerConfig.Backend.memory) {
            refuseMemoryOutsideTests(mode);
            return memory();
        }
        try {
            return real(config, vertx, built);
        } catch (RuntimeException | Error e) {
            built.closeAfter(e);
            throw e;
        }
    }

    /** The in-memory backend heals nothing real; tests and dev mode may use it, a production launch stops here. */
    static void refuseMemoryOutsideTests(LaunchMode mode) {
        if (!mode.isDevOrTest()) {
            throw new IllegalStateException("HEALER_BACKEND=memory watches an in-process fake instead of etcd and the storage "
                    + "nodes and is for tests and dev mode only (launch mode " + mode + "); unset it or set HEALER_BACKEND=real");
        }
    }

    void close(@Disposes Backend backend) {
        try {
            backend.closer().close();
        } catch (Exception e) {
            LOG.warn("closing the healer backend failed", e); // with the other close failures as suppressed
        }
    }

    private static Backend memory() {
        InMemoryMetadataStore metadata = new InMemoryMetadataStore();
        return new Backend(metadata, StaticNodeDirectory.of(8, 0), new InMemoryChunkStore(), new InMemoryLeaderElector(),
                new HealerStateStore.InMemory(), new InMemoryDeadLetterStore(), metadata, t -> true, () -> { },
                new InMemoryMultipartStore());
    }

    private static Backend real(HealerConfig config, Vertx vertx, Closer built) {
        HealerConfig.Healer h = config.healer();
        String token = config.cluster().token().orElseThrow(() -> new IllegalStateException("CLUSTER_TOKEN is required"));
        EtcdConnection etcd = built.add(EtcdConnection.connect(
                config.etcd().endpoints().orElseThrow(() -> new IllegalStateException("ETCD_ENDPOINTS is required")),
                config.etcd().prefix(), config.etcd().requestTimeout()));
        Duration connect = h.nodeTimeout().compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : h.nodeTimeout();
        EtcdLeaderElector elector = built.add(new EtcdLeaderElector(etcd, h.leaseTtl()));
        return new Backend(new EtcdMetadataStore(etcd), new EtcdNodeDirectory(etcd, h.nodeCache()),
                built.add(new HttpChunkStore(vertx, token, connect, h.nodeTimeout())), elector, new EtcdHealerState(etcd), new EtcdDeadLetterStore(etcd),
                new EtcdMetadataFeed(etcd), etcd::isReachable, built, new EtcdMultipartStore(etcd));
    }
}
