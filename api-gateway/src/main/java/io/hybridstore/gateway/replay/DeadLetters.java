package io.hybridstore.gateway.replay;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.spi.DeadLetterStore.DeadLetter;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.io.kafka.WalEntry;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The dead-letter list as the gateway uses it: the replay sets aside records it can never apply,
 * operators list them, re-drive them through the same {@link WalApplier} or discard them.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** A reason is for people; an exception text can be long (a stack of causes). */
    private static final int MAX_REASON = 2000;

    private final DeadLetterStore store;
    private final WalApplier applier;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final String gatewayId;
    private final int max;

    public DeadLetters(DeadLetterStore store, WalApplier applier, GatewayMetrics metrics, Clock clock, String gatewayId, int max) {
        this.store = store;
        this.applier = applier;
        this.metrics = metrics;
        this.clock = clock;
        this.gatewayId = gatewayId;
        this.max = max;
    }

    /**
     * Stores the record aside, durably, so the replay may commit past it. Throws (a retryable
     * INSUFFICIENT_STORAGE, storing nothing) when {@code max} letters already wait: then the record
     * stays in the WAL and holds its partition until an operator clears some.
     */
    void setAside(WalEntry entry, String code, String reason, int attempts) {
        long waiting = store.count();
        if (waiting >= max) {
            throw new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "the dead-letter list is full (" + waiting
                    + " waiting, gateway.replay.dead-letter-max " + max + "): the WAL record of " + entry.key() + " at "
                    + entry.version() + " holds its partition until an operator re-drives or discards letters");
        }
        String shortReason = reason == null ? "" : reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
        store.put(new DeadLetter(entry.version(), entry.key(), code, shortReason, attempts, clock.millis(), gatewayId,
                entry.payload().length), entry.payload());
        metrics.deadLettered(code);
        LOG.errorf("WAL record of %s at %s dead-lettered after %d attempt(s), %s: %s; its partition moves on "
                + "(GET /admin/dead-letters, then redrive or discard)", entry.key(), entry.version(), attempts, code, shortReason);
    }

    public List<DeadLetter> list(int limit) {
        return store.list(limit);
    }

    public long waiting() {
        return store.count();
    }

    public DeadLetter get(Version version) {
        return store.get(version).orElseThrow(() -> StoreException.notFound("no dead letter " + version));
    }

    public byte[] payload(Version version) {
        return store.payload(version).orElseThrow(() -> StoreException.notFound("no dead letter " + version));
    }

    /**
     * Applies the record now (no grace: an operator asked) and removes the letter once it is
     * applied or found superseded. A failure leaves the letter where it is and reaches the caller.
     */
    public WalApplier.Outcome redrive(Version version) {
        DeadLetter letter = get(version);
        WalApplier.Outcome outcome = applier.apply(version, WalRecord.fromBytes(payload(version)));
        store.remove(version);
        metrics.deadLetterHandled("redriven");
        LOG.infof("dead letter %s (%s) re-driven by an operator: %s", letter.id(), letter.key(), outcome.tag());
        return outcome;
    }

    /** Removes the letter unapplied: the operator decided the write is not wanted. */
    public void discard(Version version) {
        DeadLetter letter = get(version);
        if (!store.remove(version)) {
            throw StoreException.notFound("no dead letter " + version);
        }
        metrics.deadLetterHandled("discarded");
        LOG.warnf("dead letter %s (%s, %s: %s) discarded by an operator; that write will never be applied", letter.id(),
                letter.key(), letter.code(), letter.reason());
    }
}
