package io.hybridstore.gateway.replay;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.io.kafka.WalEntry;
import io.hybridstore.io.kafka.WalReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finishes writes whose gateway died between the WAL ack and the metadata commit. The gateways
 * read the WAL as one consumer group; for each record: younger than the grace period → wait (the
 * live request is probably still working on it); then {@link WalApplier}. A record is committed in
 * the group only once it is settled: applied, found done, or set aside as a dead letter.
 *
 * <p>Failures, by kind:
 * <ul>
 * <li>retryable ({@link StoreException#retryable()}: etcd, nodes or broker away) → rewind, the caller
 *     backs off, the same record is tried again, for as long as it takes: the cluster is not ready,
 *     the record is fine, and setting it aside would only move an outage's writes into a list;</li>
 * <li>non-retryable, or a record that does not parse → set aside at once, the partition moves on;</li>
 * <li>unexpected (an unclassified RuntimeException: a bug, a dependency's parse failure) → rewind and
 *     retry, and set aside once the same record failed {@link ReplayPolicy#maxAttempts()} times in a row;</li>
 * <li>an {@link Error} → rewind and rethrow, never set aside (out of memory says nothing about the record).</li>
 * </ul>
 * Every failure rewinds, because the consumer's position is already past the whole polled batch: without
 * going back, the next commit would move the group past records this batch never finished. A rewind
 * that fails itself (the broker away) is retried before the next poll, for the same reason.
 */
public final class WalReplay {

    private static final Logger LOG = Logger.getLogger(WalReplay.class);

    /** Sleeping, injectable so tests do not wait. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final WalReader reader;
    private final WalApplier applier;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Duration grace;
    private final GatewayMetrics metrics;
    private final Sleeper sleeper;
    private final int maxAttempts;

    /** The record that failed last and how many times in a row (this gateway's count; another member starts over). */
    private Version failing;
    private int attempts;
    private boolean rewindPending;

    public WalReplay(WalReader reader, WalApplier applier, DeadLetters deadLetters, Clock clock, Duration grace,
                     GatewayMetrics metrics, Sleeper sleeper, ReplayPolicy policy) {
        this.reader = reader;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.grace = grace;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.maxAttempts = policy.maxAttempts();
    }

    /**
     * Polls once and settles what came. A failure rewinds the reader to the last committed record
     * and is rethrown: the caller backs off and calls again.
     */
    public int runOnce(Duration pollTimeout) throws InterruptedException {
        if (rewindPending) {
            reader.rewind(); // still failing: thrown, the caller backs off; no poll from a position past unsettled records
            rewindPending = false;
        }
        // Settled records are committed once per polled batch, not one by one: a per-record commitSync
        // was a broker round trip and an offsets-topic write per document written (8 % of the
        // gateway's CPU samples in session 14). Replaying a settled record again is harmless (the
        // metadata commit is version-guarded), so a crash before the batch's commit costs only time.
        List<WalEntry> settled = new ArrayList<>();
        try {
            for (WalEntry entry : reader.poll(pollTimeout)) {
                settle(entry);
                settled.add(entry);
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof Error) {
                metrics.replayFailure("error");
            }
            commitBeforeRewind(settled, e);
            rewindAfter(e);
            throw e;
        }
        try {
            reader.commit(settled);
        } catch (RuntimeException e) {
            rewindAfter(e); // the position is past the batch: without going back it would never be committed
            throw e;
        }
        // InterruptedException (shutdown) needs no rewind: the reader is closed, the group restarts
        // from its commit and settles this batch's records again.
        return settled.size();
    }

    /**
     * After a failure, the records settled before it (a prefix of each partition's part of the
     * batch) are committed before the rewind, so they are not settled twice: a record already
     * set aside as a dead letter would otherwise be set aside again. A failure of this commit only
     * costs that repetition, so it is kept with the first failure, not thrown.
     */
    private void commitBeforeRewind(List<WalEntry> settled, Throwable failure) {
        if (settled.isEmpty()) {
            return;
        }
        try {
            reader.commit(settled);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void settle(WalEntry entry) throws InterruptedException {
        WalRecord record;
        try {
            record = WalRecord.fromBytes(entry.payload());
        } catch (StoreException e) {
            // Bytes that do not parse can never be applied by anyone, however often they are read.
            giveUp(entry, e.code().name(), e.getMessage(), 1);
            return;
        }
        try {
            waitForGrace(record);
            metrics.replayed(applier.apply(entry.version(), record).tag());
            failing = null;
            attempts = 0;
        } catch (StoreException e) {
            int n = failed(entry, e.retryable() ? "retryable" : "permanent");
            if (e.retryable()) {
                throw e;
            }
            giveUp(entry, e.code().name(), e.getMessage(), n);
        } catch (RuntimeException e) {
            int n = failed(entry, "unexpected");
            if (n < maxAttempts) {
                LOG.errorf("WAL record of %s at %s failed unexpectedly (attempt %d of %d before it is dead-lettered): %s",
                        entry.key(), entry.version(), n, maxAttempts, e);
                throw e;
            }
            giveUp(entry, "UNEXPECTED", e.toString(), n);
        }
    }

    private void waitForGrace(WalRecord record) throws InterruptedException {
        if (record.op() == WalRecord.Op.blob_commit) {
            return; // nothing to wait for: it is skipped
        }
        long age = clock.millis() - record.at();
        if (age < grace.toMillis()) {
            sleeper.sleep(Duration.ofMillis(Math.min(grace.toMillis(), grace.toMillis() - age)));
        }
    }

    private int failed(WalEntry entry, String kind) {
        metrics.replayFailure(kind);
        if (!entry.version().equals(failing)) {
            failing = entry.version();
            attempts = 0;
        }
        return ++attempts;
    }

    /** Sets the record aside (throws, committing nothing, when that fails or the list is full). */
    private void giveUp(WalEntry entry, String code, String reason, int attemptsMade) {
        deadLetters.setAside(entry, code, reason, attemptsMade);
        metrics.replayed("dead-lettered");
        failing = null;
        attempts = 0;
    }

    private void rewindAfter(Throwable failure) {
        try {
            reader.rewind();
        } catch (RuntimeException e) {
            rewindPending = true;
            failure.addSuppressed(e);
        }
    }
}
