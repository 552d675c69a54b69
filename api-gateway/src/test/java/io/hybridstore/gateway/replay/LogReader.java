package io.hybridstore.gateway.replay;

import io.hybridstore.common.model.Version;
import io.hybridstore.io.kafka.WalEntry;
import io.hybridstore.io.kafka.WalReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One WAL partition read the way a Kafka consumer reads it: {@link #poll} hands out a batch and moves
 * the position past all of it at once, {@link #commit} moves the group's committed offset,
 * {@link #rewind} goes back to it. So a test sees what a real consumer would skip.
 */
final class LogReader implements WalReader {
    final List<WalEntry> log = new ArrayList<>();
    final int batchSize;
    long position;
    long committed;
    int rewinds;
    int failRewinds;
    int failCommits;
    /** Offset commits that reached the "broker". */
    int commits;

    LogReader(int batchSize) {
        this.batchSize = batchSize;
    }

    void append(String key, byte[] payload) {
        log.add(new WalEntry(new Version(0, log.size()), key, payload));
    }

    @Override
    public List<WalEntry> poll(Duration timeout) {
        List<WalEntry> batch = log.subList((int) position, (int) Math.min(log.size(), position + batchSize));
        position += batch.size();
        return List.copyOf(batch);
    }

    @Override
    public void commit(WalEntry done) {
        if (failCommits > 0) {
            failCommits--;
            throw new io.hybridstore.common.error.StoreException(io.hybridstore.common.error.ErrorCode.UNAVAILABLE, "broker down");
        }
        committed = done.version().offset() + 1;
        commits++;
    }

    @Override
    public void rewind() {
        if (failRewinds > 0) {
            failRewinds--;
            throw new io.hybridstore.common.error.StoreException(io.hybridstore.common.error.ErrorCode.UNAVAILABLE, "coordinator down");
        }
        rewinds++;
        position = committed;
    }

    @Override
    public void close() {
    }
}
