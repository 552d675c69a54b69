package io.hybridstore.common.console;

/**
 * Whether a healer instance should keep its console's live model fed: while it leads (its console
 * and its console gauges are the ones that matter, and it reads every record anyway), and on a
 * standby only while someone looks at its console. Why: following every record write through an
 * etcd watch cost an idle standby 1.6 CPU-s in 10 s (docs/benchmarks.md, session 15), for a page
 * nobody had open. A look counts for {@code idleAfterMillis}; the page asks once a second, so an
 * open page keeps it fed, and a closed one lets it go after that long.
 */
public final class FeedDemand {

    private final long idleAfterMillis;
    private volatile long lastViewedAt = Long.MIN_VALUE;

    public FeedDemand(long idleAfterMillis) {
        if (idleAfterMillis <= 0) {
            throw new IllegalArgumentException("idleAfterMillis must be positive");
        }
        this.idleAfterMillis = idleAfterMillis;
    }

    /** A console request at {@code now} (epoch millis). */
    public void viewed(long now) {
        lastViewedAt = now;
    }

    /** Whether the model should be fed at {@code now}. */
    public boolean wanted(long now, boolean leading) {
        return leading || looked(now);
    }

    /**
     * Whether someone looked at the console within the idle time: what only the page shows (the
     * nodes' request rates, read from each node's {@code /q/metrics}) is worth reading only then, on
     * a leader too. Why: a leader scraped every node every 5 s for a table nobody had open, ~9 ms of
     * the node's CPU a scrape (docs/benchmarks.md, session 24).
     */
    public boolean looked(long now) {
        return lastViewedAt != Long.MIN_VALUE && now - lastViewedAt < idleAfterMillis;
    }
}
