package io.hybridstore.common.repair;

import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.repair.HealerStats.ObjectCondition;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The healer's control loop, one {@link #runPass} at a time, for one leadership term (a new leader
 * makes a new {@code Healer}; the counters in {@link HealerStats} carry over). Each pass:
 * <ol>
 *   <li>the dirty index (fresh damage the gateways reported) first;</li>
 *   <li>the next slice of the full scan, resuming at the stored cursor, so a large store is covered
 *       over several passes and a new leader continues where the old one stopped;</li>
 *   <li>a scrub slice (bitrot): corrupt copies are repaired like missing ones;</li>
 *   <li>garbage collection, once a scan cycle that started at the first key has completed.</li>
 * </ol>
 * A cycle that starts at the first key reads the S3 multipart part records first: the chunks of an
 * upload in progress belong to no object yet, and the collector must count them as referenced.
 * When the live nodes change during a pass, its scrub and GC are left out and the next pass starts
 * at once. A node lost on the way makes the scan come round to where the loss was seen before it
 * rests ({@link #noteLoss}): the pages before it saw the dead node's copies as unreachable.
 * Only I/O interfaces and a clock come in, so the whole loop runs on the in-memory fakes.
 *
 * <p>The leadership check runs before every repair and every metadata write: once the lease is
 * gone, the pass stops without touching anything else, so two healers never repair at once. (A
 * write already on the wire when the lease expires can still land; it is a compare-and-swap on the
 * revision, so at worst it is a correct repair the new leader re-audits.)
 *
 * <p>One object cannot stop the healer: whatever goes wrong with one object or one phase stays
 * there ({@link FailureIsolation}), and the other objects and the later phases go on.
 */
public final class Healer {

    private static final System.Logger LOG = System.getLogger(Healer.class.getName());
    /**
     * Scan pages healed at once: the next pages are read, audited and repaired while the ones before
     * still wait on their nodes and their commits. Why: a page's steps are mostly waits on nodes and
     * etcd that a loaded machine serves late (docs/benchmarks.md, sessions 15 and 17), and with two
     * pages the healer still sat idle through them. The cursor only moves past a page once every page
     * before it is done. What the pages hold together is bounded by {@link RepairRound#BATCH_BYTES}.
     */
    static final int PAGES_IN_FLIGHT = 4;

    private final MetadataStore metadata;
    private final MultipartStore uploads;
    private final NodeDirectory nodes;
    private final HealerStateStore state;
    private final HealerStats stats;
    private final Clock clock;
    private final HealerSettings settings;
    private final Auditor auditor;
    private final RepairRound round;
    private final Scrubber scrubber;
    private final GarbageCollector garbage;
    private final RetryBackoff backoff;
    private final FailureIsolation isolation;
    private volatile Cycle cycle;
    /** Set during a pass when a budget cut it short (see {@link #runPass}). */
    private boolean workLeft;
    /** The current pass's pages, summed: logged at its end when it repaired anything. */
    private PageTimes passTimes;
    /** The live nodes the last scan page healed with (this term), to notice a node lost between two pages. */
    private Set<String> lastPageLive;
    /** The last key read before a node was found lost: the scan comes round to it again ({@link #noteLoss}); null when none. */
    private String rescanTo;
    /** Whether the cycle now scanned is the one that stops at {@link #rescanTo} (it started after the loss's cycle ended). */
    private boolean rescanning;

    /** One full scan from a cursor to the last key; its references feed GC only if it started at the first key. */
    private static final class Cycle {
        final boolean fromStart;
        final long startMillis;
        final ReferencedChunks referenced;
        String cursor;

        Cycle(String cursor, long startMillis, long filterBits) {
            this.fromStart = cursor == null;
            this.cursor = cursor;
            this.startMillis = startMillis;
            this.referenced = new ReferencedChunks(filterBits);
        }
    }

    /** A healer of a store without S3 multipart uploads (tests of the object paths). */
    public Healer(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, HealerStateStore state,
            HealerStats stats, Clock clock, HealerSettings settings) {
        this(metadata, nodes, chunks, state, stats, clock, settings, new InMemoryMultipartStore());
    }

    /** @param uploads the S3 multipart uploads in progress, whose parts' chunks the collector keeps */
    public Healer(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, HealerStateStore state,
            HealerStats stats, Clock clock, HealerSettings settings, MultipartStore uploads) {
        this.metadata = metadata;
        this.uploads = uploads;
        this.nodes = nodes;
        this.state = state;
        this.stats = stats;
        this.clock = clock;
        this.settings = settings;
        this.auditor = new Auditor(chunks, settings.existsBatch());
        // One byte budget for repairs and scrub: together they never take more of the nodes' disks.
        ByteRateLimiter budget = new ByteRateLimiter(settings.bytesPerSecond(), clock);
        this.scrubber = new Scrubber(metadata, chunks, settings.scanPageSize(), budget::acquire);
        this.garbage = new GarbageCollector(chunks, settings.gcListPage());
        this.backoff = new RetryBackoff(settings.retryBase(), settings.retryMax());
        this.isolation = new FailureIsolation(metadata, backoff, stats, clock);
        this.round = new RepairRound(metadata, new RepairPlanner(new RendezvousPlacement()), new RepairExecutor(chunks, budget),
                new BatchRepair(chunks, budget, new Reconstruction()), settings.maxConcurrentRepairs(), backoff, isolation, stats,
                clock, this::reference);
    }

    /**
     * Compiles the Reed-Solomon decode before it is needed ({@link Reconstruction#warmUp}): 2,000
     * rebuilds, or 30 s if the machine is that slow. Measured on the 2-core build machine under load:
     * the first 100 took 5 s, the decode ran at its compiled speed (~30 µs) after about 600, so a
     * healer that never repaired spent its first heal's first seconds compiling. Meant to run beside
     * the first pass of a term; the CPU (a few seconds) is paid once per term.
     *
     * @return the rebuilds run
     */
    public int warmUpCodec() {
        return Reconstruction.warmUp(2_000, java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
    }

    /**
     * One pass. Returns when the pass is done or as soon as {@code leader} turns false. etcd not
     * answering (UNAVAILABLE, TIMEOUT outside one object's own update) propagates: the caller logs it
     * and tries next pass. Any other failure ends only the object or the phase it hit.
     *
     * @return whether the pass left work for the next one: its dirty batch or scan slice was cut by
     *         the per-pass budget (the leader then starts the next pass early)
     */
    public boolean runPass(BooleanSupplier leader) throws InterruptedException {
        long start = clock.millis();
        stats.passRunning.set(true);
        workLeft = false;
        passTimes = PageTimes.started();
        try {
            Map<String, NodeInfo> live = new LinkedHashMap<>();
            nodes.liveNodes().forEach(n -> live.put(n.id(), n));
            if (live.isEmpty()) {
                // No node at all is a directory or etcd problem, not a cluster-wide disk loss: judging
                // copies now would mark every object LOST. Wait for nodes to show up.
                LOG.log(System.Logger.Level.WARNING, "healer: no live storage node in the directory; skipping this pass");
                return false;
            }
            isolation.phase("dirty index", () -> healDirty(live, leader));
            isolation.phase("scan", () -> scanSlice(live, leader));
            // Scrub and GC run only while the live nodes stay as the pass found them, and stop as soon as
            // they change: a lease that expires during them (they took 18 s of a pass under load,
            // docs/benchmarks.md session 17) is the next pass's to repair, at once, not once they are done.
            BooleanSupplier quiet = () -> leader.getAsBoolean() && liveNow(live).keySet().equals(live.keySet());
            if (quiet.getAsBoolean()) {
                isolation.phase("scrub", () -> scrub(live, quiet));
            }
            if (quiet.getAsBoolean() && garbage.sweeping()) {
                stats.garbageDeleted.addAndGet(garbage.sweep(live, settings.gcListPerPass(), settings.gcDeletesPerPass(), quiet));
            }
            if (leader.getAsBoolean() && !liveNow(live).keySet().equals(live.keySet())) {
                // A lease went (or came) during the pass: the scan came round to the pages before it (or
                // the next pass, which starts at once, goes on with that). Scrub and GC wait for a quiet pass.
                LOG.log(System.Logger.Level.INFO, "healer: the live nodes changed during the pass; scrub and GC wait for the next");
                return true;
            }
            return workLeft;
        } finally {
            stats.passRunning.set(false);
            stats.passes.incrementAndGet();
            stats.lastPassAt.set(clock.millis());
            stats.lastPassMillis.set(clock.millis() - start);
            if (passTimes.repairs() > 0) {
                LOG.log(System.Logger.Level.INFO, "healer: pass " + stats.passes.get() + ": " + passTimes.describe());
            }
            if (leader.getAsBoolean()) {
                saveStatus();
            }
        }
    }

    /**
     * Audits and repairs one object now, outside the pass order: an operator's {@code heal KEY}. The
     * key's retry backoff is cleared first, since the operator asks again on purpose. It may run
     * beside a pass: both repairs of one key end in a compare-and-swap on the same revision, so one
     * wins and the other's copies become garbage for GC, as with any lost race.
     *
     * @return the object's condition after the attempt; empty when there is no such key (or only a tombstone)
     * @throws io.hybridstore.common.error.StoreException UNAVAILABLE when no storage node is live
     */
    public Optional<ObjectCondition> healNow(String key, BooleanSupplier leader) throws InterruptedException {
        Optional<MetadataStore.Stored> stored = metadata.get(key);
        if (stored.isEmpty() || stored.get().metadata().deleted()) {
            return Optional.empty();
        }
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        nodes.liveNodes().forEach(n -> live.put(n.id(), n));
        if (live.isEmpty()) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "no live storage node in the directory: nothing to judge copies by");
        }
        ObjectMetadata object = stored.get().metadata();
        if (object.state() == ObjectState.IN_PROGRESS && clock.millis() - object.updatedAt() < settings.inProgressGrace().toMillis()) {
            return Optional.of(ObjectCondition.DEGRADED); // its gateway is still writing, as in a pass
        }
        backoff.succeeded(key);
        AuditFacts facts = auditor.audit(List.of(object), live);
        return Optional.of(round.heal(List.of(stored.get()), facts, live, leader, PageTimes.started()).get(0));
    }

    private void healDirty(Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        if (settings.dirtyPerPass() == 0 || !leader.getAsBoolean()) {
            return;
        }
        PageTimes times = PageTimes.started();
        long reading = times.start();
        List<String> keys = metadata.dirty(settings.dirtyPerPass()).stream().map(DirtyMark::key).toList();
        workLeft |= keys.size() == settings.dirtyPerPass(); // more marks may wait behind these
        List<MetadataStore.Stored> batch = isolation.load(keys);
        times.stop(PageTimes.Step.SCAN, reading);
        healBatch(batch, live, null, false, leader, times);
    }

    /**
     * The pass's slice of the scan: pages from the cycle's cursor on, {@link #PAGES_IN_FLIGHT} at a
     * time, until the per-pass budget is spent or the cycle ends. When a node was lost on the way (see
     * {@link #noteLoss}), the cycle's end does not end the slice: the next cycle starts at once and
     * runs up to where the loss was noticed, so that every record is looked at with the new live set
     * within this pass (or the next ones, budget permitting), and the rest of that cycle follows at the
     * usual pace.
     */
    private void scanSlice(Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        int budget = settings.scanPerPass();
        while (budget > 0 && leader.getAsBoolean()) {
            if (cycle == null && !startCycle(leader)) {
                return; // no cycle yet: the next pass starts one, parts first again
            }
            Slice slice = scanPages(live, leader, budget);
            budget -= slice.scanned();
            live = slice.live();
            switch (slice.end()) {
                case CYCLE_DONE -> {
                    completeCycle(live);
                    if (rescanTo == null) {
                        return;
                    }
                    rescanning = true; // the next cycle, from the first key, stops at rescanTo
                }
                case RESCANNED -> {
                    rescanTo = null;
                    rescanning = false;
                    return; // the rest of this cycle was looked at with the new live set: it waits for the next passes
                }
                case LEADERSHIP_LOST -> {
                    return;
                }
                case BUDGET -> {
                    workLeft |= leader.getAsBoolean(); // the budget ran out before the cycle (or the rescan) completed
                    return;
                }
            }
        }
        workLeft |= leader.getAsBoolean() && (cycle != null || rescanTo != null);
    }

    /** Starts a scan cycle at the stored cursor; false when leadership was lost while reading the parts. */
    private boolean startCycle(BooleanSupplier leader) {
        Cycle next = new Cycle(state.loadCursor().orElse(null), clock.millis(), settings.gcFilterBits());
        if (next.fromStart && !referenceParts(next, leader)) {
            return false;
        }
        cycle = next;
        stats.cycleStarted();
        return true;
    }

    /** How a run of scan pages ended. */
    private enum SliceEnd { CYCLE_DONE, RESCANNED, BUDGET, LEADERSHIP_LOST }

    /** A run of scan pages: how it ended, the records it read, and the live set its last page healed with. */
    private record Slice(SliceEnd end, int scanned, Map<String, NodeInfo> live) {
    }

    /**
     * Heals pages of the current cycle from its cursor, {@link #PAGES_IN_FLIGHT} at a time, until
     * {@code budget} records were read, the cycle ends, or a rescan reaches {@link #rescanTo}.
     */
    private Slice scanPages(Map<String, NodeInfo> live, BooleanSupplier leader, int budget) throws InterruptedException {
        String readTo = cycle.cursor; // the last key read; the cycle's cursor is the last key healed
        int scanned = 0;
        SliceEnd end = SliceEnd.BUDGET;
        ArrayDeque<PageInFlight> inFlight = new ArrayDeque<>();
        try (ExecutorService pages = Executors.newVirtualThreadPerTaskExecutor()) {
            while (scanned < budget && leader.getAsBoolean()) {
                // The next page is read while the pages in flight are healed; it waits for a slot after.
                int wanted = Math.min(settings.scanPageSize(), budget - scanned);
                PageTimes times = PageTimes.started();
                long reading = times.start();
                List<MetadataStore.Stored> page = metadata.scan(readTo, wanted);
                times.stop(PageTimes.Step.SCAN, reading);
                long queued = times.start();
                if (inFlight.size() == PAGES_IN_FLIGHT && !finish(inFlight.removeFirst(), leader)) {
                    return new Slice(SliceEnd.LEADERSHIP_LOST, scanned, live);
                }
                times.stop(PageTimes.Step.QUEUED, queued);
                // A lease that expires during a long pass counts from the next page on: its copies turn
                // from UNREACHABLE (neither used nor replaced) to MISSING (repaired) now, not a pass later.
                // Read once the page has its slot, so that it heals with the live set of that moment.
                Map<String, NodeInfo> pageLive = liveNow(live);
                noteLoss(pageLive.keySet(), readTo);
                live = pageLive;
                for (MetadataStore.Stored stored : page) {
                    reference(stored.metadata());
                }
                scanned += page.size();
                readTo = page.isEmpty() ? readTo : page.get(page.size() - 1).metadata().key();
                inFlight.addLast(new PageInFlight(readTo, pages.submit(() -> {
                    healBatch(page, pageLive, null, true, leader, times);
                    return null;
                })));
                if (page.size() < wanted) {
                    end = SliceEnd.CYCLE_DONE;
                    break;
                }
                if (rescanning && KeyOrder.compare(readTo, rescanTo) >= 0) {
                    end = SliceEnd.RESCANNED;
                    break;
                }
            }
            while (!inFlight.isEmpty()) {
                if (!finish(inFlight.removeFirst(), leader)) {
                    return new Slice(SliceEnd.LEADERSHIP_LOST, scanned, live);
                }
            }
        } // closing the executor waits for any page still in flight: they stop at their next lease check
        return new Slice(leader.getAsBoolean() ? end : SliceEnd.LEADERSHIP_LOST, scanned, live);
    }

    /**
     * Called with the live nodes a page is about to heal with, and the last key read before it. When
     * a node the page before saw live is gone, every record up to {@code readTo} (this cycle's pages so
     * far, and the earlier cycles' before them) was last looked at while that node counted as live:
     * its copies there were taken as redundancy or, once it stopped answering, as unreachable (neither
     * used nor replaced), and none was replaced. So the scan comes round to {@code readTo} again before
     * it rests ({@link #scanSlice}), rather than a cycle later. A loss at a cycle's first key needs no
     * second round: the whole cycle is still ahead.
     */
    private void noteLoss(Set<String> pageLive, String readTo) {
        Set<String> before = lastPageLive;
        lastPageLive = Set.copyOf(pageLive);
        if (before != null && !pageLive.containsAll(before)) {
            rescanTo = readTo;
            rescanning = false;
            LOG.log(System.Logger.Level.INFO, "healer: storage nodes gone since the last page: the scan comes round to "
                    + (readTo == null ? "nothing (the whole cycle is ahead)" : readTo) + " again before it rests");
        }
    }

    /** A scan page being healed, and the key the cursor moves to once it is done. */
    private record PageInFlight(String lastKey, Future<?> healing) {
    }

    /**
     * Waits for {@code page} (every page before it is done) and moves the cursor past it; false when
     * leadership was lost, leaving the cursor before it: the next leader audits it again.
     */
    private boolean finish(PageInFlight page, BooleanSupplier leader) throws InterruptedException {
        try {
            page.healing().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // etcd not answering ends the scan phase, as it did a page at a time
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("healing a page failed", e.getCause());
        }
        if (!leader.getAsBoolean()) {
            return false;
        }
        if (page.lastKey() != null && !page.lastKey().equals(cycle.cursor)) {
            cycle.cursor = page.lastKey();
            state.saveCursor(cycle.cursor);
        }
        return true;
    }

    /**
     * Adds the chunks of every stored multipart part to a cycle's references, before its scan reads
     * any object. The order is what makes a completion safe: it commits the object's record, then
     * removes the part records. If this read missed a part's record, the removal came before the read,
     * so the commit did too, and the object scan, which starts after this read, finds the record. A
     * part whose record is put after this read is younger than the cycle's start, so younger than the
     * cut-off. Returns false when leadership was lost on the way.
     */
    private boolean referenceParts(Cycle next, BooleanSupplier leader) {
        String cursor = null;
        for (List<MultipartStore.PartRecord> page = uploads.partsAfter(null, settings.scanPageSize()); !page.isEmpty();
                page = uploads.partsAfter(cursor, settings.scanPageSize())) {
            if (!leader.getAsBoolean()) {
                return false;
            }
            for (MultipartStore.PartRecord record : page) {
                for (ColdPart stripe : record.part().stripes()) {
                    stripe.shards().forEach(shard -> next.referenced.add(shard.nodeId(), shard.chunkId()));
                }
            }
            cursor = page.get(page.size() - 1).key();
        }
        return true;
    }

    /** The live nodes as the directory has them now (it caches them briefly); {@code before} if it has none. */
    private Map<String, NodeInfo> liveNow(Map<String, NodeInfo> before) {
        Map<String, NodeInfo> now = new LinkedHashMap<>();
        nodes.liveNodes().forEach(n -> now.put(n.id(), n));
        return now.isEmpty() ? before : now;
    }

    private void completeCycle(Map<String, NodeInfo> live) {
        state.saveCursor(null);
        stats.cycleCompleted();
        if (cycle.fromStart) {
            long cutoff = cycle.startMillis - settings.gcGrace().toMillis();
            garbage.start(cycle.referenced, cutoff, List.copyOf(live.keySet()));
        }
        LOG.log(System.Logger.Level.DEBUG, "healer: scan cycle complete, " + stats.total.get() + " objects");
        cycle = null;
    }

    private void scrub(Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        if (settings.scrubPerPass() == 0 || !leader.getAsBoolean()) {
            return;
        }
        Scrubber.Findings findings = scrubber.scrub(live, settings.scrubPerPass(), leader);
        stats.chunksScrubbed.addAndGet(findings.checked());
        stats.scrubUnchecked.addAndGet(findings.unchecked());
        stats.corruptFound.addAndGet(findings.corrupt());
        if (!findings.damagedKeys().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "healer: scrub found damaged copies of " + findings.damagedKeys());
            PageTimes times = PageTimes.started();
            long reading = times.start();
            List<MetadataStore.Stored> damaged = isolation.load(findings.damagedKeys());
            times.stop(PageTimes.Step.SCAN, reading);
            healBatch(damaged, live, findings.facts(), false, leader, times);
        }
    }

    /** Audits a batch in bulk, then heals it as one {@link RepairRound}; its times go to the stats and the pass. */
    private void healBatch(List<MetadataStore.Stored> batch, Map<String, NodeInfo> live, AuditFacts extra,
            boolean countForCycle, BooleanSupplier leader, PageTimes times) throws InterruptedException {
        times.records(batch.size());
        try {
            healCandidates(batch, live, extra, countForCycle, leader, times);
        } finally {
            stats.pageDone(times);
            passTimes.add(times);
            if (times.repairs() > 0) {
                LOG.log(System.Logger.Level.INFO, "healer: page of " + times.describe());
            }
        }
    }

    private void healCandidates(List<MetadataStore.Stored> batch, Map<String, NodeInfo> live, AuditFacts extra,
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
            return;
        }
        long auditing = times.start();
        AuditFacts facts = auditor.audit(candidates.stream().map(MetadataStore.Stored::metadata).toList(), live);
        times.stop(PageTimes.Step.AUDIT, auditing);
        if (extra != null) {
            facts.merge(extra);
        }
        round.heal(candidates, facts, live, leader, times).forEach(condition -> count(countForCycle, condition));
    }

    private void reference(ObjectMetadata object) {
        Cycle current = cycle;
        if (current != null && !object.deleted()) {
            for (ChunkLocation location : Auditor.locations(object)) {
                current.referenced.add(location.nodeId(), location.chunkId());
            }
        }
    }

    private void count(boolean countForCycle, ObjectCondition condition) {
        if (countForCycle) {
            stats.counted(condition);
        }
    }

    private void saveStatus() {
        try {
            state.saveStatus(stats.snapshot());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "healer: cannot store the pass status: " + e.getMessage());
        }
    }
}
