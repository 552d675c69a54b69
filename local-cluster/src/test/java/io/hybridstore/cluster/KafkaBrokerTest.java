package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker JVM: the WAL topic exists, and an acknowledged record survives a SIGKILL and restart. */
class KafkaBrokerTest {
    @Test
    void acknowledgedRecordsSurviveKillAndRestart(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                var topic = admin.describeTopics(List.of(KafkaBroker.WAL_TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS);
                assertEquals(KafkaBroker.DEFAULT_WAL_PARTITIONS, topic.get(KafkaBroker.WAL_TOPIC).partitions().size());
            }
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "acks", "all", "linger.ms", 0, "max.block.ms", 10_000), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(KafkaBroker.WAL_TOPIC, "user:1", "v1")).get(10, TimeUnit.SECONDS);
            }

            long pid = kafka.pid().orElseThrow();
            kafka.kill();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            kafka.restart();

            assertEquals(List.of("user:1=v1"), readAll(kafka.bootstrapServers()));
        }
    }

    private static List<String> readAll(String bootstrap) {
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", bootstrap, "group.id", "test",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(KafkaBroker.WAL_TOPIC));
            Wait.until("the record back", Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
                return !seen.isEmpty();
            }, () -> "");
        }
        return seen;
    }
}
