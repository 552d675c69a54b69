package io.hybridstore.io.kafka;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.common.time.Timeouts;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link WriteAheadLog} on a Kafka-protocol broker (Kafka, Redpanda). {@link #append} returns only
 * once the broker acknowledged the record to all in-sync replicas ({@code acks=all}); the
 * idempotent producer keeps a retried send from duplicating a record.
 *
 * <p>Why {@code linger.ms=0}: Kafka 4.x producers default to 5 ms of batching, which would add 5 ms
 * to every write. Why the bounded timeouts: a producer facing a dead broker otherwise blocks a
 * request for minutes; here the caller gets UNAVAILABLE within {@code timeout} and answers 503.
 *
 * <p>Why {@code maxInFlight} (produce requests in flight to a broker, 1 to 5 with idempotence): with
 * {@code linger.ms=0} the sender ships whatever is waiting the moment a request may leave, so with
 * five in flight concurrent writes go out in many small requests; with fewer, the records that arrive
 * while a request is out leave together in the next one, fewer requests for the broker and for this
 * client's network thread (the same effect as a linger, without delaying a lone write, which finds no
 * request in flight and leaves at once).
 *
 * <p>Size: records carry whole request bodies, so {@code max.request.size} is raised to
 * {@code maxRecordBytes}. The topic's {@code max.message.bytes} (and the broker's
 * {@code message.max.bytes}) must be at least as large, or large writes fail with PAYLOAD_TOO_LARGE.
 *
 * <p>Crash point: a send that times out may still have reached the log. The client was told 503,
 * and the WAL replay will apply the record later, which is allowed (the write was not acknowledged,
 * not refused).
 */
public final class KafkaWriteAheadLog implements WriteAheadLog {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaWriteAheadLog(String bootstrapServers, String topic, String clientId, Duration timeout, int maxRecordBytes,
            int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > 5) {
            throw new IllegalArgumentException("produce requests in flight must be 1 to 5 (idempotence keeps order up to 5): " + maxInFlight);
        }
        this.topic = topic;
        this.timeout = timeout;
        int timeoutMs = (int) timeout.toMillis();
        Map<String, Object> config = Map.<String, Object>ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 0),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlight),
                Map.entry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes),
                Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 4L * maxRecordBytes)),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Version append(String key, byte[] payload) {
        // The ack into a future of our own (the producer's callback completes it), so that the wait below
        // parks without a timeout of its own: a timed park wakes the virtual threads' delay scheduler (Timeouts).
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, payload), (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(metadata);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            throw KafkaErrors.classify(e, "append to " + topic);
        }
        try {
            // delivery.timeout.ms fails the future first; this bound is the backstop.
            RecordMetadata acked = Timeouts.shared().await(sent, timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new Version(acked.partition(), acked.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted waiting for the WAL ack", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StoreException(ErrorCode.TIMEOUT, "no WAL ack from " + topic + " within " + timeout, e);
        } catch (ExecutionException e) {
            throw KafkaErrors.classify(e, "append to " + topic);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
