package io.hybridstore.healer.infra;

import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryDeadLetterStore;
import io.hybridstore.common.spi.memory.InMemoryLeaderElector;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.healer.HealerConfig;
import io.hybridstore.io.BackendAssembly;
import io.hybridstore.io.Closer;
import io.hybridstore.io.NetworkTransport;
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
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    /**
     * {@code built} collects the real adapters as they are built; if a later one throws, the earlier ones are closed.
     * The in-memory backend heals nothing real: tests and dev mode may use it, a production launch stops here.
     */
    static Backend create(HealerConfig config, Vertx vertx, LaunchMode mode, Closer built) {
        if (config.healer().backend() == HealerConfig.Backend.memory) {
            return BackendAssembly.memory("HEALER_BACKEND", "watches an in-process fake instead of etcd and the storage nodes",
                    mode.isDevOrTest(), mode, BackendProducer::memory);
        }
        return BackendAssembly.real(built, b -> real(config, vertx, b));
    }

    /** Which transport the node client and the console run on: epoll, or NIO (switched off, or a warning). */
    void logTransport(@Observes StartupEvent start, Vertx vertx,
            @ConfigProperty(name = "quarkus.vertx.prefer-native-transport") boolean preferNative) {
        NetworkTransport.of(vertx, preferNative).log(LOG);
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
        String token = BackendAssembly.required(config.cluster().token(), "CLUSTER_TOKEN");
        EtcdConnection etcd = BackendAssembly.etcd(built, config.etcd().endpoints(), config.etcd().prefix(), config.etcd().requestTimeout());
        Duration connect = BackendAssembly.connectTimeout(h.nodeTimeout());
        EtcdLeaderElector elector = built.add(new EtcdLeaderElector(etcd, h.leaseTtl()));
        return new Backend(new EtcdMetadataStore(etcd), new EtcdNodeDirectory(etcd, h.nodeCache()),
                built.add(new HttpChunkStore(vertx, token, connect, h.nodeTimeout())), elector, new EtcdHealerState(etcd), new EtcdDeadLetterStore(etcd),
                new EtcdMetadataFeed(etcd), etcd::isReachable, built, new EtcdMultipartStore(etcd));
    }
}
