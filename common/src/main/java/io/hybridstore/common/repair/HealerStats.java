package io.hybridstore.common.repair;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The healer's counters, shared by passes across leadership terms (the app exports them as
 * metrics; counters only grow). Thread-safe: repairs of one page run concurrently.
 */
public final class HealerStats {

    private final String healerId;
    final AtomicBoolean leader = new AtomicBoolean();
    final AtomicBoolean passRunning = new AtomicBoolean();
    final AtomicLong passes = new AtomicLong();
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong total = new AtomicLong();
    final AtomicLong repairsDone = new AtomicLong();
    final AtomicLong repairsFailed = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong objectErrors = new AtomicLong();
    final AtomicLong phaseErrors = new AtomicLong();
    final AtomicLong bytesRepaired = new AtomicLong();
    final AtomicLong chunksScrubbed = new AtomicLong();
    final AtomicLong corruptFound = new AtomicLong();
    final AtomicLong scrubUnchecked = new AtomicLong();
    final AtomicLong garbageDeleted = new AtomicLong();
    /** Passes whose full scan rested: the last cycle confirmed every copy on the same nodes, less than the rest ago. */
    final AtomicLong scanRests = new AtomicLong();
    final AtomicLong lastPassAt = new AtomicLong();
    final AtomicLong lastPassMillis = new AtomicLong();
    /** Repairs or object turns that failed lately, newest last; bounded so a stuck object cannot grow memory. */
    private final java.util.ArrayDeque<Failure> recentFailures = new java.util.ArrayDeque<>();
    static final int RECENT_FAILURES = 50;
    /** Every page's steps and counts since start (see {@link PageTimes}), and how many pages. */
    private final PageTimes pageTotals = PageTimes.started();
    final AtomicLong pages = new AtomicLong();
    private volatile String lastPage;
    private volatile Counts cycle = new Counts(0, 0, 0);
    private volatile Counts lastCycle;

    /** Objects by condition in one scan cycle. */
    public record Counts(long healthy, long degraded, long lost) {
        Counts plus(ObjectCondition condition) {
            return switch (condition) {
                case HEALTHY -> new Counts(healthy + 1, degraded, lost);
                case DEGRADED -> new Counts(healthy, degraded + 1, lost);
                case LOST -> new Counts(healthy, degraded, lost + 1);
            };
        }
    }

    /** One failed repair or object turn: which key, why, when (epoch millis). */
    public record Failure(String key, String reason, long atMillis) {
    }

    /** Where one object stands after the healer looked at it. */
    public enum ObjectCondition { HEALTHY, DEGRADED, LOST }

    public HealerStats(String healerId) {
        this.healerId = healerId;
    }

    public void setLeader(boolean isLeader) {
        leader.set(isLeader);
    }

    synchronized void counted(ObjectCondition condition) {
        cycle = cycle.plus(condition);
        scanned.incrementAndGet();
    }

    synchronized void cycleStarted() {
        cycle = new Counts(0, 0, 0);
        scanned.set(0);
    }

    synchronized void cycleCompleted() {
        lastCycle = cycle;
        total.set(scanned.get());
    }

    void failed(String key, String reason, long atMillis) {
        synchronized (recentFailures) {
            recentFailures.addLast(new Failure(key, reason, atMillis));
            while (recentFailures.size() > RECENT_FAILURES) {
                recentFailures.removeFirst();
            }
        }
    }

    /** The latest failures (at most {@value #RECENT_FAILURES}), newest first. */
    public java.util.List<Failure> recentFailures() {
        synchronized (recentFailures) {
            return java.util.List.copyOf(recentFailures.reversed());
        }
    }

    void pageDone(PageTimes page) {
        pageTotals.add(page);
        pages.incrementAndGet();
        lastPage = page.describe();
    }

    void scanRested() {
        scanRests.incrementAndGet();
    }

    /** Passes whose full scan rested ({@link ScanCyclePacing}) since start. */
    public long scanRests() {
        return scanRests.get();
    }

    /** Pages healed since start (scan pages, dirty batches, scrub findings). */
    public long pages() {
        return pages.get();
    }

    /** Seconds every page spent in {@code step}, summed since start. */
    public double stepSeconds(PageTimes.Step step) {
        return pageTotals.nanos(step) / 1e9;
    }

    /** Records, repairs, copies, requests or commits of every page since start, by name (see {@link PageTimes}). */
    public PageTimes pageTotals() {
        return pageTotals;
    }

    /** The last page's {@link PageTimes#describe()}; null before the first. */
    public String lastPage() {
        return lastPage;
    }

    public HealerStatus snapshot() {
        Counts counts = lastCycle != null ? lastCycle : cycle;
        return new HealerStatus(healerId, leader.get(), passes.get(), passRunning.get(), scanned.get(), total.get(),
                counts.healthy(), counts.degraded(), counts.lost(), repairsDone.get(), repairsFailed.get(),
                conflicts.get(), objectErrors.get(), phaseErrors.get(), bytesRepaired.get(), chunksScrubbed.get(), corruptFound.get(), scrubUnchecked.get(), garbageDeleted.get(),
                lastPassAt.get(), lastPassMillis.get());
    }
}
