package io.hybridstore.common.repair;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.MetadataStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what goes wrong with one object, or one phase of a pass, from stopping the rest of the
 * healer. An object's failure (an etcd timeout on its compare-and-swap, a record that does not
 * parse, a bug) is logged with its key, counted and backed off like a failed repair; a phase that
 * fails as a whole is logged and counted, and the next phase still runs. Only etcd not answering
 * at all (UNAVAILABLE, TIMEOUT) propagates and ends the pass: every phase needs it.
 */
final class FailureIsolation {

    private static final System.Logger LOG = System.getLogger(Healer.class.getName());

    /** One phase of a pass (it may wait on the repair slots or the byte budget). */
    interface Phase {
        void run() throws InterruptedException;
    }

    private final MetadataStore metadata;
    private final RetryBackoff backoff;
    private final HealerStats stats;
    private final Clock clock;

    FailureIsolation(MetadataStore metadata, RetryBackoff backoff, HealerStats stats, Clock clock) {
        this.metadata = metadata;
        this.backoff = backoff;
        this.stats = stats;
        this.clock = clock;
    }

    /** Runs {@code phase}; a failure ends only this phase, unless etcd does not answer at all (then the pass ends). */
    void phase(String name, Phase phase) throws InterruptedException {
        try {
            phase.run();
        } catch (RuntimeException e) {
            if (etcdUnreachable(e)) {
                throw e;
            }
            stats.phaseErrors.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "healer: the " + name + " phase failed; the pass goes on with the next phase", e);
        }
    }

    /**
     * The current records of {@code keys}, leaving out keys backing off (a record that keeps failing
     * to load is not read every pass) and keys whose record cannot be read (logged and backed off).
     */
    List<MetadataStore.Stored> load(List<String> keys) {
        List<String> wanted = keys.stream().distinct().filter(key -> backoff.allowed(key, clock.millis())).toList();
        try {
            return metadata.getAll(wanted); // a few round trips for the lot, where the adapter batches
        } catch (RuntimeException e) {
            if (etcdUnreachable(e)) {
                throw e;
            }
            // Some record does not parse: one by one, so that only that key fails.
        }
        List<MetadataStore.Stored> loaded = new ArrayList<>();
        for (String key : wanted) {
            try {
                metadata.get(key).ifPresent(loaded::add);
            } catch (RuntimeException e) {
                if (etcdUnreachable(e)) {
                    throw e;
                }
                objectFailed(key, "cannot read the record of", e);
            }
        }
        return loaded;
    }

    /** Logs, counts and backs off {@code key}, whose turn ended in {@code e}; the other objects go on. */
    void objectFailed(String key, String what, RuntimeException e) {
        stats.objectErrors.incrementAndGet();
        stats.failed(key, what + ": " + e.getMessage(), clock.millis());
        backoff.failed(key, clock.millis());
        String line = "healer: " + what + " " + key + " (error " + backoff.failures(key)
                + ", retried with backoff; the other objects go on): " + e;
        if (e instanceof StoreException) {
            LOG.log(System.Logger.Level.WARNING, line); // classified: the message says it all
        } else {
            LOG.log(System.Logger.Level.ERROR, line, e); // a bug: the stack trace is what fixes it
        }
    }

    private static boolean etcdUnreachable(RuntimeException e) {
        return e instanceof StoreException s && (s.code() == ErrorCode.UNAVAILABLE || s.code() == ErrorCode.TIMEOUT);
    }
}
