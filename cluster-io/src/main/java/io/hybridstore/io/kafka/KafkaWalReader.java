package io.hybridstore.io.kafka;

import io.hybridstore.common.model.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@link WalReader} on a Kafka consumer group. Auto-commit is off (a record counts as replayed
 * only once it was applied); a new group starts from the earliest record, because starting at the
 * end would skip the very writes whose gateway died before any replay ran. {@code clientId} must be
 * unique per gateway ({@code GATEWAY_ID}): it is also the static group member id.
 */
public final class KafkaWalReader implements WalReader {

    /** Above the broker's group.min.session.timeout.ms (6 s by default). */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration timeout;

    public KafkaWalReader(String bootstrapServers, String topic, String groupId, String clientId, Duration timeout, int maxRecordBytes) {
        this.timeout = timeout;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Static membership: a gateway restarted after a crash (same GATEWAY_ID) takes its
        // partitions back at once instead of waiting for its old session to expire, so the
        // writes it left half done are replayed seconds after it is back.
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId);
        // A gateway that never comes back hands its partitions on after this.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 3);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(maxRecordBytes, 50 << 20));
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    @Override
    public List<WalEntry> poll(Duration pollTimeout) {
        try {
            List<WalEntry> entries = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
                entries.add(new WalEntry(new Version(r.partition(), r.offset()), r.key(), r.value()));
            }
            return entries;
        } catch (RuntimeException e) {
            throw KafkaErrors.classify(e, "poll");
        }
    }

    @Override
    public void commit(WalEntry done) {
        TopicPartition partition = partitionOf(done);
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(done.version().offset() + 1)), timeout);
        } catch (RuntimeException e) {
            throw KafkaErrors.classify(e, "commit");
        }
    }

    /** One offset commit (a broker round trip and one write to the offsets topic) for a whole batch. */
    @Override
    public void commit(List<WalEntry> done) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (WalEntry e : done) {
            offsets.merge(partitionOf(e), new OffsetAndMetadata(e.version().offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, timeout);
        } catch (RuntimeException e) {
            throw KafkaErrors.classify(e, "commit");
        }
    }

    @Override
    public void rewind() {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, timeout);
            for (TopicPartition p : assigned) {
                OffsetAndMetadata at = committed.get(p);
                if (at == null) {
                    consumer.seekToBeginning(List.of(p));
                } else {
                    consumer.seek(p, at.offset());
                }
            }
        } catch (RuntimeException e) {
            throw KafkaErrors.classify(e, "rewind");
        }
    }

    private TopicPartition partitionOf(WalEntry entry) {
        return consumer.assignment().stream()
                .filter(p -> p.partition() == entry.version().partition())
                .findFirst()
                .orElseGet(() -> new TopicPartition(consumer.subscription().iterator().next(), entry.version().partition()));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
