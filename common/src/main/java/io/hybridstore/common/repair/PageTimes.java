package io.hybridstore.common.repair;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Where one page of a pass (a scan page, the dirty batch, what scrub found) spent its time, step by
 * step, and what it held. Why: batching cut the requests of a heal but not its time, and a page's
 * seconds could not be told apart (docs/benchmarks.md, session 14). The healer logs each page that
 * repaired something and adds every page to {@link HealerStats}' totals, which the app exports as
 * timers. Steps may be timed from several threads (the large repairs run beside the batches), so
 * the sums are atomic; the steps of one page can overlap, so they need not add up to its wall time.
 */
public final class PageTimes {

    /** The steps of a page, in the order a page runs them. */
    public enum Step {
        /** reading the page's records from etcd (the scan page, the dirty batch's records) */
        SCAN,
        /** a scan page read ahead, waiting for a slot among the pages in flight ({@link FullScan#PAGES_IN_FLIGHT}) */
        QUEUED,
        /** the bulk exists per node */
        AUDIT,
        /** the pure planner, every object of the page */
        PLAN,
        /** batch reads of the sources, every round */
        READ,
        /** checks, Reed-Solomon decode and encode, hashing of the rebuilt parts */
        REBUILD,
        /** batch writes of the new copies */
        WRITE,
        /** a striped blob's repair, alone, from its first read to its last write */
        LARGE,
        /** the compare-and-set of the changed records */
        COMMIT;

        /** The name in logs and metric tags: lower case. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LongSupplier ticker;
    private final long startNanos;
    private final AtomicLongArray nanos = new AtomicLongArray(Step.values().length);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong repairs = new AtomicLong();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /** @param ticker nanoseconds of a monotonic clock ({@code System::nanoTime} in the app, a fake in tests) */
    public PageTimes(LongSupplier ticker) {
        this.ticker = ticker;
        this.startNanos = ticker.getAsLong();
    }

    /** A page timed by the system's monotonic clock. */
    static PageTimes started() {
        return new PageTimes(System::nanoTime);
    }

    /** The ticker's reading now, to hand back to {@link #stop}. */
    long start() {
        return ticker.getAsLong();
    }

    /** Adds the time since {@code startedAt} (a {@link #start} reading) to {@code step}. */
    void stop(Step step, long startedAt) {
        nanos.addAndGet(step.ordinal(), ticker.getAsLong() - startedAt);
    }

    void records(int n) {
        records.addAndGet(n);
    }

    void repairs(int n) {
        repairs.addAndGet(n);
    }

    void copies(long n) {
        copies.addAndGet(n);
    }

    void committed(int n) {
        committed.addAndGet(n);
    }

    /** Node requests sent (batch reads and writes). */
    void requests(int n) {
        requests.addAndGet(n);
    }

    public long nanos(Step step) {
        return nanos.get(step.ordinal());
    }

    public long records() {
        return records.get();
    }

    public long repairs() {
        return repairs.get();
    }

    public long copies() {
        return copies.get();
    }

    public long committed() {
        return committed.get();
    }

    public long requests() {
        return requests.get();
    }

    /** Wall time since this page started. */
    public long elapsedNanos() {
        return ticker.getAsLong() - startNanos;
    }

    /** Adds {@code page}'s steps and counts to these (a pass's totals). */
    void add(PageTimes page) {
        for (Step step : Step.values()) {
            nanos.addAndGet(step.ordinal(), page.nanos(step));
        }
        records.addAndGet(page.records());
        repairs.addAndGet(page.repairs());
        copies.addAndGet(page.copies());
        committed.addAndGet(page.committed());
        requests.addAndGet(page.requests());
    }

    /** E.g. {@code 200 records, 187 to repair (280 copies, 14 requests), 187 committed in 812 ms: scan 31, audit 95, ... ms}. */
    public String describe() {
        StringBuilder line = new StringBuilder().append(records()).append(" records, ").append(repairs()).append(" to repair (")
                .append(copies()).append(" copies, ").append(requests()).append(" requests), ").append(committed())
                .append(" committed in ").append(elapsedNanos() / 1_000_000).append(" ms:");
        String sep = " ";
        for (Step step : Step.values()) {
            line.append(sep).append(step.label()).append(' ').append(nanos(step) / 1_000_000);
            sep = ", ";
        }
        return line.append(" ms").toString();
    }
}
