package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.repair.HealerStats.ObjectCondition;
import io.hybridstore.common.spi.MetadataStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Heals one batch of records a pass found (a scan page, the dirty batch, what scrub found): leaves
 * out the tombstones and the writes their gateway still owns, audits the rest in bulk
 * ({@link Auditor}), heals them as one {@link RepairRound}, and adds the batch's times to the
 * stats and to the pass's sum. Scan pages call it from several threads at once.
 */
final class PageHealer {

    private static final System.Logger LOG = System.getLogger(Healer.class.getName());

    private final Auditor auditor;
    private final RepairRound round;
    private final HealerStats stats;
    private final Clock clock;
    private final HealerSettings settings;
    /** The current pass's pages, summed: logged at its end when it repaired anything. */
    private volatile PageTimes passTimes = PageTimes.started();

    PageHealer(Auditor auditor, RepairRound round, HealerStats stats, Clock clock, HealerSettings settings) {
        this.auditor = auditor;
        this.round = round;
        this.stats = stats;
        this.clock = clock;
        this.settings = settings;
    }

    /** A new pass begins: the sum its batches add to, returned. */
    PageTimes startPass() {
        passTimes = PageTimes.started();
        return passTimes;
    }

    /**
     * Audits a batch in bulk, then heals it as one {@link RepairRound}; its times go to the stats and the pass.
     *
     * @param extra          facts found beforehand (scrub's corrupt copies), merged into the audit's; null when none
     * @param countForCycle  whether each record's condition counts towards the scan cycle's totals
     * @return the objects left {@code DEGRADED} (a repair failed or backed off, a copy not verified), not
     *         counting young {@code IN_PROGRESS} ones, which are their gateway's: whether the batch left work
     *         for the next cycle ({@link ScanCyclePacing})
     */
    int heal(List<MetadataStore.Stored> batch, Map<String, NodeInfo> live, AuditFacts extra,
            boolean countForCycle, BooleanSupplier leader, PageTimes times) throws InterruptedException {
        times.records(batch.size());
        try {
            return healCandidates(batch, live, extra, countForCycle, leader, times);
        } finally {
            stats.pageDone(times);
            passTimes.add(times);
            if (times.repairs() > 0) {
                LOG.log(System.Logger.Level.INFO, "healer: page of " + times.describe());
            }
        }
    }

    private int healCandidates(List<MetadataStore.Stored> batch, Map<String, NodeInfo> live, AuditFacts extra,
            boolean countForCycle, BooleanSupplier leader, PageTimes times) throws InterruptedException {
        long now = clock.millis();
        List<MetadataStore.Stored> candidates = new ArrayList<>();
        for (MetadataStore.Stored stored : batch) {
            ObjectMetadata object = stored.metadata();
            if (object.deleted()) {
                continue;
            }
            if (object.state() == ObjectState.IN_PROGRESS && now - object.updatedAt() < settings.inProgressGrace().toMillis()) {
                // Its gateway is still writing; its stragglers will report in.
                count(countForCycle, ObjectCondition.DEGRADED);
                continue;
            }
            candidates.add(stored);
        }
        if (candidates.isEmpty() || !leader.getAsBoolean()) {
            return 0;
        }
        long auditing = times.start();
        AuditFacts facts = auditor.audit(candidates.stream().map(MetadataStore.Stored::metadata).toList(), live);
        times.stop(PageTimes.Step.AUDIT, auditing);
        if (extra != null) {
            facts.merge(extra);
        }
        int degraded = 0;
        for (ObjectCondition condition : round.heal(candidates, facts, live, leader, times)) {
            count(countForCycle, condition);
            degraded += condition == ObjectCondition.DEGRADED ? 1 : 0;
        }
        return degraded;
    }

    /**
     * Heals a batch found outside the scan (the dirty index's, the IN_PROGRESS index's) as pages healed
     * {@link FullScan#PAGES_IN_FLIGHT} at once: as many pages as that, of at most {@code scanPageSize}
     * and at least {@link #LEAST_SPLIT_PAGE} records each (more pages, in turn, when the batch is larger). Why: after a node's loss the dirty batch (747 records in
     * {@code make bench-heal}, session 25) was healed as one page, alone, in 9.9 s before the scan's first
     * page began (its commit alone 4.6 s); a page's steps are waits on nodes and etcd that pages in
     * flight overlap, as the scan's do.
     *
     * @param times the first page's times: the batch's reading is counted there
     * @return the objects left {@code DEGRADED}, as {@link #heal}
     */
    int healInPages(List<MetadataStore.Stored> batch, Map<String, NodeInfo> live, BooleanSupplier leader, PageTimes times)
            throws InterruptedException {
        int pageSize = splitPageSize(batch.size(), settings.scanPageSize());
        if (batch.size() <= pageSize) {
            return heal(batch, live, null, false, leader, times);
        }
        List<Future<Integer>> healing = new ArrayList<>();
        Semaphore slots = new Semaphore(FullScan.PAGES_IN_FLIGHT);
        try (ExecutorService pages = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int from = 0; from < batch.size(); from += pageSize) {
                List<MetadataStore.Stored> page = batch.subList(from, Math.min(batch.size(), from + pageSize));
                PageTimes pageTimes = from == 0 ? times : PageTimes.started();
                slots.acquire(); // a batch larger than the pages in flight hold waits for a slot, as the scan's pages do
                healing.add(pages.submit(() -> {
                    try {
                        return heal(page, live, null, false, leader, pageTimes);
                    } finally {
                        slots.release();
                    }
                }));
            }
            int degraded = 0;
            for (Future<Integer> page : healing) {
                degraded += outcome(page);
            }
            return degraded;
        } // closing waits for every page: each stops at its next lease check once leadership is gone
    }

    /** Records a page holds at least when a batch is split: a few records are one page, not several of one each. */
    static final int LEAST_SPLIT_PAGE = 50;

    /** The page size that heals {@code records} as up to {@link FullScan#PAGES_IN_FLIGHT} pages of at most {@code largest}. */
    static int splitPageSize(int records, int largest) {
        int even = (records + FullScan.PAGES_IN_FLIGHT - 1) / FullScan.PAGES_IN_FLIGHT;
        return Math.min(largest, Math.max(LEAST_SPLIT_PAGE, even));
    }

    /**
     * What a page healed on another thread answered: its count of degraded objects, or its failure as it
     * would have surfaced on the caller's thread (etcd not answering ends the phase, as before).
     */
    static int outcome(Future<Integer> page) throws InterruptedException {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("healing a page failed", e.getCause());
        }
    }

    private void count(boolean countForCycle, ObjectCondition condition) {
        if (countForCycle) {
            stats.counted(condition);
        }
    }
}
