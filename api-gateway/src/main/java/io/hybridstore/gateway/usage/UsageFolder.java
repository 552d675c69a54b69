package io.hybridstore.gateway.usage;

import io.hybridstore.common.spi.UsageStore;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Folds the usage deltas the writes leave into the totals, so a report reads a few keys rather than
 * every delta since the start. Every gateway runs one: folds are guarded, so two gateways folding at
 * once cost a lost transaction, never a miscount. While full folds come back it folds back to back;
 * after a fold that took less ({@link #foldAgainAtOnce}), it rests for {@code interval}.
 *
 * <p>Why it rests after a small fold, not only after an empty one: a fold reads the oldest deltas
 * with a range over the deltas' prefix, and etcd walks every key of that range in its index to
 * answer it, the deltas already folded and deleted since its last compaction included (5 to 10 minutes of
 * them on the local cluster, 1 to 2 hours in compose and k8s), however few are left. Under 32 writers
 * the folder kept finding a few new deltas and folded back to back: that walk was a fifth of etcd's CPU
 * (docs/benchmarks.md, session 23, h27-etcd). Resting makes the next fold take a transaction's worth.
 * A report counts the deltas not folded yet, so it stays exact whenever the fold runs.
 */
public final class UsageFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageFolder.class);
    /** Deltas read per fold; the fold itself takes fewer when etcd's 128-ops limit says so. */
    static final int BATCH = 100;
    /**
     * A fold of at least this many deltas was likely cut by etcd's 128 operations (a new document's
     * delta costs 3: its delete and the two reference counts it adds), so more are waiting.
     */
    static final int FULL_FOLD = 32;

    private final UsageStore usage;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean stopping;

    public UsageFolder(UsageStore usage, Duration interval) {
        this.usage = usage;
        this.interval = interval;
        this.thread = Thread.ofVirtual().name("usage-folder").start(this::run);
    }

    private void run() {
        while (!stopping) {
            int folded = 0;
            try {
                folded = usage.fold(BATCH);
            } catch (RuntimeException e) {
                // etcd unreachable or a lost race: the deltas stay and the report still counts them.
                LOG.debugf("usage fold failed, retrying in %s: %s", interval, e.getMessage());
            }
            if (!foldAgainAtOnce(folded) && !rest()) {
                return;
            }
        }
    }

    /** After a fold of {@code folded} deltas: fold again at once (more are likely waiting), or rest for the interval. */
    static boolean foldAgainAtOnce(int folded) {
        return folded >= FULL_FOLD;
    }

    private boolean rest() {
        try {
            Thread.sleep(interval);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
    }
}
