package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.repair.HealerStats.ObjectCondition;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.SwapResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Heals one batch of audited objects (a scan page, the dirty batch, what scrub found) in four steps,
 * so that the batch costs a few requests per node and a few etcd transactions, not several of each
 * per object:
 * <ol>
 *   <li>plan each object ({@link RepairPlanner}, pure);</li>
 *   <li>carry the plans out: the small ones together ({@link BatchRepair}: one batch read and one
 *       batch write per node), each large one (a striped blob) alone through {@link RepairExecutor},
 *       at most {@code maxConcurrentRepairs} at a time, beside the batches;</li>
 *   <li>commit the new records together ({@link MetadataStore#compareAndSetAll}), each guarded by the
 *       revision it was planned from, and only while the lease holds;</li>
 *   <li>settle each object: counters, backoff, its log line, its condition.</li>
 * </ol>
 * What goes wrong with one object stays with it ({@link FailureIsolation}): a plan that throws, a
 * swap that fails; a batch that fails as a whole (a bug) fails each of its objects alone.
 */
final class RepairRound {

    private static final System.Logger LOG = System.getLogger(Healer.class.getName());
    /** A plan that moves more than this goes alone through {@link RepairExecutor}, one part at a time. */
    static final long SMALL_PLAN_BYTES = 1L << 20;
    /**
     * What the plans of one {@link BatchRepair} may hold in memory together: the healers run in 256
     * MiB heaps, and {@link FullScan#PAGES_IN_FLIGHT} pages may each hold this much at once (4 × 8 MiB,
     * as 2 × 16 MiB before the pages in flight went from 2 to 4). A page of 500 documents plans ~2 MiB.
     */
    static final long BATCH_BYTES = 8L << 20;

    private final MetadataStore metadata;
    private final RepairPlanner planner;
    private final RepairExecutor executor;
    private final BatchRepair batch;
    private final Semaphore largeSlots;
    private final RetryBackoff backoff;
    private final FailureIsolation isolation;
    private final HealerStats stats;
    private final Clock clock;
    private final Consumer<ObjectMetadata> reference;

    /** One object's turn in the round. */
    private static final class Turn {
        final MetadataStore.Stored stored;
        RepairPlan plan;
        RepairOutcome outcome = RepairOutcome.nothing();
        Optional<ObjectMetadata> updated = Optional.empty();
        /** Set as soon as the turn ends early (backing off, failed, lease gone, lost race); else by settling. */
        ObjectCondition condition;

        Turn(MetadataStore.Stored stored) {
            this.stored = stored;
        }

        String key() {
            return stored.metadata().key();
        }
    }

    /** @param reference told every record this round commits (the GC's referenced set) */
    RepairRound(MetadataStore metadata, RepairPlanner planner, RepairExecutor executor, BatchRepair batch, int maxLargeRepairs,
            RetryBackoff backoff, FailureIsolation isolation, HealerStats stats, Clock clock, Consumer<ObjectMetadata> reference) {
        this.metadata = metadata;
        this.planner = planner;
        this.executor = executor;
        this.batch = batch;
        this.largeSlots = new Semaphore(maxLargeRepairs);
        this.backoff = backoff;
        this.isolation = isolation;
        this.stats = stats;
        this.clock = clock;
        this.reference = reference;
    }

    /** Heals {@code objects} (distinct keys) as {@code facts} found their copies; one condition per object, in order. */
    List<ObjectCondition> heal(List<MetadataStore.Stored> objects, AuditFacts facts, Map<String, NodeInfo> live,
            BooleanSupplier leader, PageTimes times) throws InterruptedException {
        long planning = times.start();
        List<NodeInfo> liveList = List.copyOf(live.values());
        List<Turn> turns = objects.stream().map(Turn::new).toList();
        List<Turn> repairs = new ArrayList<>();
        for (Turn turn : turns) {
            if (!backoff.allowed(turn.key(), clock.millis())) {
                turn.condition = unsettled(turn);
                continue;
            }
            try {
                turn.plan = planner.plan(turn.stored.metadata(), turn.stored.revision(), facts, liveList);
            } catch (RuntimeException e) {
                turn.condition = failed(turn, e);
                continue;
            }
            if (!turn.plan.noCopies()) {
                repairs.add(turn);
            }
        }
        times.stop(PageTimes.Step.PLAN, planning);
        times.repairs(repairs.size());
        execute(repairs, live, leader, times);
        long committing = times.start();
        commit(turns, leader, times);
        times.stop(PageTimes.Step.COMMIT, committing);
        List<ObjectCondition> conditions = new ArrayList<>(turns.size());
        for (Turn turn : turns) {
            conditions.add(turn.condition != null ? turn.condition : settle(turn));
            times.copies(turn.outcome.copiesMade());
        }
        return conditions;
    }

    private void execute(List<Turn> repairs, Map<String, NodeInfo> live, BooleanSupplier leader, PageTimes times)
            throws InterruptedException {
        List<List<Turn>> batches = new ArrayList<>();
        List<Turn> large = new ArrayList<>();
        long bytes = 0;
        for (Turn turn : repairs) {
            long planned = PlanRun.plannedBytes(turn.plan);
            if (planned > SMALL_PLAN_BYTES) {
                large.add(turn);
                continue;
            }
            if (batches.isEmpty() || bytes + planned > BATCH_BYTES) {
                batches.add(new ArrayList<>());
                bytes = 0;
            }
            batches.get(batches.size() - 1).add(turn);
            bytes += planned;
        }
        List<Future<?>> alone = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Turn turn : large) {
                alone.add(pool.submit(() -> {
                    long started = times.start();
                    executeAlone(turn, live, leader);
                    times.stop(PageTimes.Step.LARGE, started);
                    return null;
                }));
            }
            for (List<Turn> group : batches) {
                executeTogether(group, live, leader, times);
            }
            for (Future<?> running : alone) {
                running.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("repair task failed", e.getCause()); // executeAlone catches; an Error if reached
        }
    }

    private void executeTogether(List<Turn> group, Map<String, NodeInfo> live, BooleanSupplier leader, PageTimes times)
            throws InterruptedException {
        if (!leader.getAsBoolean()) {
            group.forEach(turn -> turn.condition = ObjectCondition.DEGRADED);
            return;
        }
        try {
            List<RepairOutcome> outcomes = batch.execute(group.stream().map(t -> t.plan).toList(), live, leader, times);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).outcome = outcomes.get(i);
            }
        } catch (RuntimeException e) {
            group.forEach(turn -> turn.condition = failed(turn, e));
        }
    }

    private void executeAlone(Turn turn, Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        largeSlots.acquire();
        try {
            if (!leader.getAsBoolean()) {
                turn.condition = ObjectCondition.DEGRADED;
                return;
            }
            turn.outcome = executor.execute(turn.plan, live, leader);
        } catch (RuntimeException e) {
            turn.condition = failed(turn, e);
        } finally {
            largeSlots.release();
        }
    }

    /** Every record that changed goes to etcd in one call; a record is never written without the lease. */
    private void commit(List<Turn> turns, BooleanSupplier leader, PageTimes times) {
        List<Turn> writing = new ArrayList<>();
        for (Turn turn : turns) {
            if (turn.condition == null) {
                turn.updated = turn.plan.updatedMetadata(turn.outcome, clock.millis());
                if (turn.updated.isPresent()) {
                    writing.add(turn);
                }
            }
        }
        if (writing.isEmpty()) {
            return;
        }
        if (!leader.getAsBoolean()) {
            writing.forEach(turn -> turn.condition = ObjectCondition.DEGRADED);
            return;
        }
        List<SwapResult> results;
        try {
            results = metadata.compareAndSetAll(writing.stream().map(t -> new MetadataStore.Swap(t.updated.get(), t.stored)).toList());
        } catch (RuntimeException e) {
            results = writing.stream().map(t -> SwapResult.failed(e)).toList(); // an adapter is to answer per swap; if not, all failed
        }
        for (int i = 0; i < writing.size(); i++) {
            Turn turn = writing.get(i);
            SwapResult result = results.get(i);
            if (result.failure() != null) {
                turn.condition = failed(turn, result.failure());
            } else if (result.applied()) {
                times.committed(1);
            } else {
                // A newer write won; its copies are what counts now. Copies made here become garbage.
                stats.conflicts.incrementAndGet();
                LOG.log(System.Logger.Level.INFO, "healer: " + turn.key() + " changed during repair (revision "
                        + turn.stored.revision() + "); re-planning next pass");
                turn.condition = ObjectCondition.DEGRADED;
            }
        }
    }

    /** The end of a turn that ran to its end: the record (if it changed) is committed. */
    private ObjectCondition settle(Turn turn) {
        ObjectMetadata object = turn.stored.metadata();
        RepairOutcome outcome = turn.outcome;
        ObjectState finalState = object.state();
        if (turn.updated.isPresent()) {
            finalState = turn.updated.get().state();
            reference.accept(turn.updated.get());
            logRepair(object, turn.plan, outcome, finalState);
        }
        stats.repairsDone.addAndGet(outcome.copiesMade());
        stats.bytesRepaired.addAndGet(outcome.bytesWritten());
        if (outcome.failed()) {
            stats.repairsFailed.incrementAndGet();
            stats.failed(turn.key(), String.join("; ", outcome.failures()), clock.millis());
            backoff.failed(turn.key(), clock.millis());
            LOG.log(System.Logger.Level.WARNING, "healer: repair of " + turn.key() + " incomplete (attempt "
                    + backoff.failures(turn.key()) + ", retried with backoff): " + outcome.failures());
        } else {
            backoff.succeeded(turn.key());
        }
        if (turn.plan.lost()) {
            return ObjectCondition.LOST;
        }
        return finalState == ObjectState.CLEAN && !turn.plan.anyUnreachable() ? ObjectCondition.HEALTHY : ObjectCondition.DEGRADED;
    }

    /** Logged with its key, counted, backed off: the other objects go on. */
    private ObjectCondition failed(Turn turn, RuntimeException e) {
        isolation.objectFailed(turn.key(), "cannot heal", e);
        return unsettled(turn);
    }

    private static ObjectCondition unsettled(Turn turn) {
        return turn.stored.metadata().state() == ObjectState.LOST ? ObjectCondition.LOST : ObjectCondition.DEGRADED;
    }

    /** One line per repair (see {@link RepairLog}); a LOST object's at ERROR. */
    private static void logRepair(ObjectMetadata before, RepairPlan plan, RepairOutcome outcome, ObjectState after) {
        String line = "healer: " + RepairLog.describe(before, plan, outcome, after);
        LOG.log(after == ObjectState.LOST ? System.Logger.Level.ERROR : System.Logger.Level.INFO, line);
    }
}
