package io.hybridstore.gateway.usage;

import io.hybridstore.common.spi.UsageStore;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Folds the usage deltas the writes leave into the totals, so a report reads a few keys rather than
 * every delta since the start. Every gateway runs one: folds are guarded, so two gateways folding at
 * once cost a lost transaction, never a miscount. While a fold takes a whole {@link #BATCH} it folds
 * again at once; after one that took less (it found fewer waiting), it rests for {@code interval}.
 * Why it rests then: each fold's read costs etcd a walk over every delta deleted since its last
 * compaction ({@code EtcdUsageStore#fold}), so folding back to back the few deltas that came in
 * during the last fold would pay that walk for each few. A report counts the deltas not folded yet,
 * so it stays exact whenever the fold runs.
 */
public final class UsageFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageFolder.class);
    /** Deltas read per fold, folded in as many transactions as etcd's 128 operations need (~25 for new documents). */
    static final int BATCH = 1_000;

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
            if (folded < BATCH && !rest()) {
                return;
            }
        }
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
