package io.hybridstore.gateway.infra;

import io.hybridstore.common.auth.AccessKeyGenerator;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.memory.InMemoryAccessKeyStore;
import io.hybridstore.common.spi.memory.InMemoryAccessRuleStore;
import io.hybridstore.common.spi.memory.InMemoryBucketStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryDeadLetterStore;
import io.hybridstore.common.spi.memory.InMemoryLinkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryUploadRegistry;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import io.hybridstore.common.spi.memory.InMemoryWriteAheadLog;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.io.BackendAssembly;
import io.hybridstore.io.Closer;
import io.hybridstore.io.etcd.EtcdAccessKeyStore;
import io.hybridstore.io.etcd.EtcdAccessRuleStore;
import io.hybridstore.io.etcd.EtcdBucketStore;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdDeadLetterStore;
import io.hybridstore.io.etcd.EtcdHealerState;
import io.hybridstore.io.etcd.EtcdLinkStore;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import io.hybridstore.io.etcd.EtcdUploadRegistry;
import io.hybridstore.io.etcd.EtcdUsageStore;
import io.hybridstore.io.etcd.EtcdMultipartStore;
import io.hybridstore.io.http.HttpChunkStore;
import io.hybridstore.io.kafka.KafkaHealth;
import io.hybridstore.io.kafka.KafkaWalReader;
import io.hybridstore.io.kafka.KafkaWriteAheadLog;
import io.hybridstore.io.node.EtcdNodeDirectory;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/** Builds the {@link Backend} the configuration asks for; the only place that names concrete adapters. */
final class BackendProducer {

    /** Kafka record overhead above the request body: key, JSON envelope, headers. */
    private static final int RECORD_OVERHEAD = 64 * 1024;

    private BackendProducer() {
    }

    static Backend create(GatewayConfig config, Vertx vertx) {
        return create(config, vertx, LaunchMode.current(), new Closer());
    }

    /**
     * {@code built} collects the real adapters as they are built; if a later one throws, the earlier ones are closed.
     * The in-memory backend acknowledges writes it keeps only in this process (a gateway that restarts has
     * lost them): tests and dev mode may use it, a production launch stops here.
     */
    static Backend create(GatewayConfig config, Vertx vertx, LaunchMode mode, Closer built) {
        if (config.gateway().backend() == GatewayConfig.Backend.memory) {
            return BackendAssembly.memory("GATEWAY_BACKEND", "keeps acknowledged writes only in this process's memory",
                    mode.isDevOrTest(), mode, BackendProducer::memory);
        }
        return BackendAssembly.real(built, b -> real(config, vertx, b));
    }

    private static Backend memory() {
        InMemoryWriteAheadLog wal = new InMemoryWriteAheadLog();
        InMemoryMetadataStore metadata = new InMemoryMetadataStore();
        return new Backend(metadata, StaticNodeDirectory.of(8, 0), new InMemoryChunkStore(), wal,
                new InMemoryDeadLetterStore(), metadata, null, t -> true, t -> true, () -> { }, new InMemoryLinkStore(Clock.systemUTC()),
                new InMemoryAccessRuleStore(), new InMemoryUploadRegistry(), new HealerStateStore.InMemory(),
                new InMemoryAccessKeyStore(),
                new InMemoryBucketStore(), new InMemoryMultipartStore());
    }

    private static Backend real(GatewayConfig config, Vertx vertx, Closer built) {
        GatewayConfig.Gateway g = config.gateway();
        String bootstrap = BackendAssembly.required(config.kafka().bootstrapServers(), "KAFKA_BOOTSTRAP_SERVERS");
        String token = BackendAssembly.required(config.cluster().token(), "CLUSTER_TOKEN");
        EtcdConnection etcd = BackendAssembly.etcd(built, config.etcd().endpoints(), config.etcd().prefix(), config.etcd().requestTimeout());
        int maxRecord = (int) Math.min(Integer.MAX_VALUE, g.maxBodySize().asLongValue() + RECORD_OVERHEAD);
        KafkaWriteAheadLog wal = built.add(
                new KafkaWriteAheadLog(bootstrap, config.kafka().walTopic(), g.id(), config.kafka().ackTimeout(), maxRecord,
                        config.kafka().maxInFlight()));
        KafkaHealth kafkaHealth = built.add(new KafkaHealth(bootstrap, g.id() + "-health"));
        Duration connect = BackendAssembly.connectTimeout(g.nodeTimeout());
        // The adapter's own bound is only a backstop for the largest possible chunk; the fan-out and
        // the readers hold each call to its real deadline.
        Duration backstop = g.nodeTimeout().plusMillis(1000 * g.maxBodySize().asLongValue() / g.nodeMinThroughput().asLongValue());
        HttpChunkStore chunks = built.add(new HttpChunkStore(vertx, token, connect, backstop));
        return new Backend(new EtcdMetadataStore(etcd, new EtcdMetadataStore.Writes(g.catalogue().indexWrites(),
                g.catalogue().usageWrites(), g.catalogue().coalescedCommits(), g.catalogue().coalescedReads())), new EtcdNodeDirectory(etcd, g.nodeCache()), chunks, wal,
                new EtcdDeadLetterStore(etcd), new EtcdUsageStore(etcd),
                () -> new KafkaWalReader(bootstrap, config.kafka().walTopic(), g.replay().group(), g.id() + "-replay",
                        config.kafka().ackTimeout(), maxRecord),
                etcd::isReachable, kafkaHealth::isReachable, built, new EtcdLinkStore(etcd, Clock.systemUTC()),
                new EtcdAccessRuleStore(etcd), new EtcdUploadRegistry(etcd, g.blob().maxUploadTime().multipliedBy(2)),
                new EtcdHealerState(etcd),
                new EtcdAccessKeyStore(etcd, AccessKeyGenerator.system()),
                new EtcdBucketStore(etcd), new EtcdMultipartStore(etcd));
    }
}
