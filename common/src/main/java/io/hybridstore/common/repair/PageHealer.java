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

    private void count(boolean countForCycle, ObjectCondition condition) {
        if (countForCycle) {
            stats.counted(condition);
        }
    }
}
