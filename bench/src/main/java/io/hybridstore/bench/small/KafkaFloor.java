package io.hybridstore.bench.small;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The WAL append's floor: a record of the document's size to the cluster's broker with acks=all and
 * linger.ms=0, idempotent, as the gateway's producer sends them, on a topic of its own with
 * wal-events' partitions and replication. One producer shared by every client, as in the gateway.
 */
final class KafkaFloor implements AutoCloseable {
    /** The gateway's KAFKA_ACK_TIMEOUT: an append slower than this would be a 503 there. */
    private static final long TIMEOUT_MS = 5_000;
    /** Creating the topic is set-up, not measured: a loaded machine may take longer to answer it. */
    private static final int ADMIN_TIMEOUT_MS = 60_000;
    private static final String WAL_TOPIC = "wal-events";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final byte[] value;

    KafkaFloor(String bootstrap, String topic, int valueBytes) throws Exception {
        this.topic = topic;
        this.value = new byte[valueBytes];
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS))) {
            TopicDescription wal = admin.describeTopics(List.of(WAL_TOPIC)).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .get(WAL_TOPIC);
            short replication = (short) wal.partitions().get(0).replicas().size();
            admin.createTopics(List.of(new NewTopic(topic, wal.partitions().size(), replication)))
                    .all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** One append, acknowledged by every in-sync replica. */
    Operation append(int client) {
        long[] n = {0};
        return () -> {
            producer.send(new ProducerRecord<>(topic, "floor-" + client + "-" + n[0]++, value)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Operation.Outcome.OK;
        };
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
