package io.hybridstore.io.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the write-ahead log as one member of the gateways' consumer group (replay). Not
 * thread-safe: one loop owns it. Progress is explicit: records are delivered again (after a
 * {@link #rewind} or by another member after a rebalance) until {@link #commit} covers them, so a
 * gateway that dies mid-replay loses nothing; replaying a record twice is harmless because the
 * metadata commit is version-guarded.
 */
public interface WalReader extends AutoCloseable {

    /** The next records of this member's partitions, in log order per partition; empty after {@code timeout}. */
    List<WalEntry> poll(Duration timeout);

    /** Marks everything up to and including {@code done} in its partition as processed, durably. */
    void commit(WalEntry done);

    /**
     * {@link #commit} of every entry at once: each partition moves to the last of its entries in
     * {@code done} (log order, as polled). The Kafka reader sends one offset commit for all of them.
     */
    default void commit(List<WalEntry> done) {
        Map<Integer, WalEntry> last = new LinkedHashMap<>();
        done.forEach(e -> last.put(e.version().partition(), e));
        last.values().forEach(this::commit);
    }

    /** Goes back to the last committed position of every assigned partition (after a failed record). */
    void rewind();

    @Override
    void close();
}
