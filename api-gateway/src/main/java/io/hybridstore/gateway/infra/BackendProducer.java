package io.hybridstore.gateway.infra;

import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryWriteAheadLog;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import io.hybridstore.io.http.HttpChunkStore;
import io.hybridstore.io.kafka.KafkaHealth;
import io.hybridstore.io.kafka.KafkaWalReader;
import io.hybridstore.io.kafka.KafkaWriteAheadLog;
import io.hybridstore.io.node.EtcdNodeDirectory;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Builds the {@link Backend} the configuration asks for; the only place that names concrete adapters. */
final class BackendProducer {

    /** Kafka record overhead above the request body: key, JSON envelope, headers. */
    private static final int RECORD_OVERHEAD = 64 * 1024;

    private BackendProducer() {
    }

    static Backend create(GatewayConfig config, Vertx vertx) {
        return config.gateway().backend() == GatewayConfig.Backend.memory ? memory() : real(config, vertx);
    }

    private static Backend memory() {
        InMemoryWriteAheadLog wal = new InMemoryWriteAheadLog();
        return new Backend(new InMemoryMetadataStore(), StaticNodeDirectory.of(8, 0), new InMemoryChunkStore(), wal,
                null, t -> true, t -> true, () -> { });
    }

    private static Backend real(GatewayConfig config, Vertx vertx) {
        GatewayConfig.Gateway g = config.gateway();
        String bootstrap = config.kafka().bootstrapServers()
                .orElseThrow(() -> new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is required"));
        String token = config.cluster().token().orElseThrow(() -> new IllegalStateException("CLUSTER_TOKEN is required"));
        EtcdConnection etcd = EtcdConnection.connect(
                config.etcd().endpoints().orElseThrow(() -> new IllegalStateException("ETCD_ENDPOINTS is required")),
                config.etcd().prefix(), config.etcd().requestTimeout());
        int maxRecord = (int) Math.min(Integer.MAX_VALUE, g.maxBodySize().asLongValue() + RECORD_OVERHEAD);
        KafkaWriteAheadLog wal = new KafkaWriteAheadLog(bootstrap, config.kafka().walTopic(), g.id(), config.kafka().ackTimeout(), maxRecord);
        KafkaHealth kafkaHealth = new KafkaHealth(bootstrap, g.id() + "-health");
        // Connecting is quick or never: fail over to another node after a second, not the full node timeout.
        Duration connect = g.nodeTimeout().compareTo(Duration.ofSeconds(1)) < 0 ? g.nodeTimeout() : Duration.ofSeconds(1);
        // The adapter's own bound is only a backstop for the largest possible chunk; the fan-out and
        // the readers hold each call to its real deadline.
        Duration backstop = g.nodeTimeout().plusMillis(1000 * g.maxBodySize().asLongValue() / g.nodeMinThroughput().asLongValue());
        HttpChunkStore chunks = new HttpChunkStore(vertx, token, connect, backstop);
        return new Backend(new EtcdMetadataStore(etcd), new EtcdNodeDirectory(etcd, g.nodeCache()), chunks, wal,
                () -> new KafkaWalReader(bootstrap, config.kafka().walTopic(), g.replay().group(), g.id() + "-replay",
                        config.kafka().ackTimeout(), maxRecord),
                etcd::isReachable, kafkaHealth::isReachable,
                () -> {
                    chunks.close();
                    wal.close();
                    kafkaHealth.close();
                    etcd.close();
                });
    }
}
