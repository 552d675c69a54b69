package io.hybridstore.common.repair;

import io.hybridstore.common.catalogue.IndexKeys;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The healer's control loop, one {@link #runPass} at a time, for one leadership term (a new leader
 * makes a new {@code Healer}; the counters in {@link HealerStats} carry over). Each pass:
 * <ol>
 *   <li>the dirty index (fresh damage the gateways reported) first;</li>
 *   <li>the IN_PROGRESS index: records no gateway settled within {@code inProgressGrace};</li>
 *   <li>the next slice of the full scan ({@link FullScan}), resuming at the stored cursor, so a large
 *       store is covered over several passes and a new leader continues where the old one stopped;
 *       a cycle that found nothing to do lets the next one wait ({@link ScanCyclePacing});</li>
 *   <li>a scrub slice (bitrot): corrupt copies are repaired like missing ones;</li>
 *   <li>garbage collection, once a scan cycle that started at the first key has completed.</li>
 * </ol>
 * Each batch of records these find is audited and repaired by {@link PageHealer}. When the live nodes
 * change during a pass, its scrub and GC are left out and the next pass starts at once.
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

    private final MetadataStore metadata;
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
    private final PageHealer pages;
    private final FullScan scan;
    /** Set during a pass when a budget cut it short (see {@link #runPass}). */
    private boolean workLeft;

    /** A healer of a store without S3 multipart uploads (tests of the object paths). */
    public Healer(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, HealerStateStore state,
            HealerStats stats, Clock clock, HealerSettings settings) {
        this(metadata, nodes, chunks, state, stats, clock, settings, new InMemoryMultipartStore());
    }

    /** @param uploads the S3 multipart uploads in progress, whose parts' chunks the collector keeps */
    public Healer(MetadataStore metadata, NodeDirectory nodes, ChunkStore chunks, HealerStateStore state,
            HealerStats stats, Clock clock, HealerSettings settings, MultipartStore uploads) {
        this.metadata = metadata;
        this.nodes = nodes;
        this.state = state;
        this.stats = stats;
        this.clock = clock;
        this.settings = settings;
        this.auditor = new Auditor(chunks, settings.existsBatch());
        // One byte budget for repairs and scrub: together they never take more of the nodes' disks.
        ByteRateLimiter budget = new ByteRateLimiter(settings.bytesPerSecond(), settings.chunkCost(), clock);
        this.scrubber = new Scrubber(metadata, chunks, settings.scanPageSize(), budget::acquire);
        this.garbage = new GarbageCollector(chunks, settings.gcListPage(), settings.gcGrace());
        this.backoff = new RetryBackoff(settings.retryBase(), settings.retryMax());
        this.isolation = new FailureIsolation(metadata, backoff, stats, clock);
        this.round = new RepairRound(metadata, new RepairPlanner(new RendezvousPlacement()), new RepairExecutor(chunks, budget),
                new BatchRepair(chunks, budget, new Reconstruction()), settings.maxConcurrentRepairs(), backoff, isolation, stats,
                clock, this::reference);
        this.pages = new PageHealer(auditor, round, stats, clock, settings);
        this.scan = new FullScan(metadata, uploads, nodes, state, stats, clock, settings, garbage, pages);
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
        PageTimes passTimes = pages.startPass();
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
            isolation.phase("in-progress index", () -> healUnsettled(live, leader));
            isolation.phase("scan", () -> workLeft |= scan.slice(live, leader));
            // Scrub and GC run only while the live nodes stay as the pass found them, and stop as soon as
            // they change: a lease that expires during them (they took 18 s of a pass under load,
            // docs/benchmarks.md session 17) is the next pass's to repair, at once, not once they are done.
            BooleanSupplier quiet = () -> leader.getAsBoolean() && scan.liveNow(live).keySet().equals(live.keySet());
            if (quiet.getAsBoolean()) {
                isolation.phase("scrub", () -> scrub(live, quiet));
            }
            if (quiet.getAsBoolean() && garbage.sweeping()) {
                stats.garbageDeleted.addAndGet(garbage.sweep(live, settings.gcListPerPass(), settings.gcDeletesPerPass(), quiet));
            }
            if (leader.getAsBoolean() && !scan.liveNow(live).keySet().equals(live.keySet())) {
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
        pages.healInPages(batch, live, leader, times);
    }

    /**
     * The IN_PROGRESS records older than {@code inProgressGrace}, found through their catalogue state
     * entries ({@code state/in_progress/}, written in the record's own transaction): writes whose gateway
     * died before it settled them. Why here and not only in the scan: the scan may rest for
     * {@code scanCycleMin} once a cycle found nothing to do, and such a record must be finished within
     * about its grace, as when every pass scanned the store. One range read of keys a pass, usually
     * empty; the young ones (their gateway's still) are read but left alone. More than
     * {@code dirtyPerPass} entries: the ones past it wait for the scan.
     */
    private void healUnsettled(Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        if (settings.dirtyPerPass() == 0 || !leader.getAsBoolean()) {
            return;
        }
        PageTimes times = PageTimes.started();
        long reading = times.start();
        String prefix = IndexKeys.valuePrefix(IndexKeys.STATE, ObjectState.IN_PROGRESS.name().toLowerCase(java.util.Locale.ROOT));
        List<String> keys = metadata.indexEntries(prefix, ScanStart.at(prefix), settings.dirtyPerPass()).stream()
                .map(IndexKeys::objectKeyOf).toList();
        if (keys.isEmpty()) {
            return;
        }
        long settledBy = clock.millis() - settings.inProgressGrace().toMillis();
        List<MetadataStore.Stored> unsettled = isolation.load(keys).stream()
                .filter(s -> s.metadata().state() == ObjectState.IN_PROGRESS && s.metadata().updatedAt() <= settledBy).toList();
        times.stop(PageTimes.Step.SCAN, reading);
        if (!unsettled.isEmpty()) {
            pages.healInPages(unsettled, live, leader, times);
        }
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
            pages.heal(damaged, live, findings.facts(), false, leader, times);
        }
    }

    /** Told every record a repair commits: the running scan cycle references its copies (the GC's). */
    private void reference(ObjectMetadata object) {
        scan.reference(object);
    }

    private void saveStatus() {
        try {
            state.saveStatus(stats.snapshot());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "healer: cannot store the pass status: " + e.getMessage());
        }
    }
}
