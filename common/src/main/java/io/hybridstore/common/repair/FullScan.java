package io.hybridstore.common.repair;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.NodeDirectory;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The healer's full scan of the object records, one cycle after another, a slice of it per pass:
 * from the stored cursor to the last key, {@link #PAGES_IN_FLIGHT} pages healed at once, the cursor
 * moved past a page only once every page before it is done, so a new leader continues where the old
 * one stopped. A cycle that starts at the first key reads the S3 multipart part records first (the
 * chunks of an upload in progress belong to no object yet) and, once complete, hands what it
 * referenced to the garbage collector. A node lost on the way makes the scan come round to where the
 * loss was seen before it rests ({@link LossCatchUp}): the pages before it saw the dead node's copies
 * as unreachable. A cycle that found nothing to do lets the next one wait ({@link ScanCyclePacing}).
 * One per leadership term, as its {@link Healer}.
 */
final class FullScan {

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
    private final GarbageCollector garbage;
    private final PageHealer pageHealer;
    private volatile Cycle cycle;
    /** What a node's loss makes the scan owe: a second look, at once, at what it read while the node counted as live. */
    private final LossCatchUp losses = new LossCatchUp();
    /** When the next cycle may start: a cycle that confirmed every copy on unchanged nodes lets the next rest. */
    private final ScanCyclePacing pacing;

    /** One full scan from a cursor to the last key; its references feed GC only if it started at the first key. */
    private static final class Cycle {
        final boolean fromStart;
        final long startMillis;
        final ReferencedChunks referenced;
        String cursor;
        /** Records read by this cycle so far. */
        long records;

        Cycle(String cursor, long startMillis, long filterBits) {
            this.fromStart = cursor == null;
            this.cursor = cursor;
            this.startMillis = startMillis;
            this.referenced = new ReferencedChunks(filterBits);
        }
    }

    FullScan(MetadataStore metadata, MultipartStore uploads, NodeDirectory nodes, HealerStateStore state, HealerStats stats,
            Clock clock, HealerSettings settings, GarbageCollector garbage, PageHealer pageHealer) {
        this.metadata = metadata;
        this.uploads = uploads;
        this.nodes = nodes;
        this.state = state;
        this.stats = stats;
        this.clock = clock;
        this.settings = settings;
        this.garbage = garbage;
        this.pageHealer = pageHealer;
        this.pacing = new ScanCyclePacing(settings.scanCycleMin());
    }

    /**
     * The pass's slice of the scan: pages from the cycle's cursor on, {@link #PAGES_IN_FLIGHT} at a
     * time, until the per-pass budget is spent or the cycle ends. When a node was lost on the way (see
     * {@link LossCatchUp}), the cycle's end does not end the slice: the next cycle starts at once and
     * runs up to where the loss was noticed, so that every record is looked at with the new live set
     * within this pass (or the next ones, at once), and the rest of that cycle follows at the usual
     * pace: one budget per pass.
     *
     * @return whether the per-pass budget ran out while a loss is still being caught up with (or in a
     *         term's first cycle): the next pass should start at once
     */
    boolean slice(Map<String, NodeInfo> live, BooleanSupplier leader) throws InterruptedException {
        int budget = settings.scanPerPass();
        while (budget > 0 && leader.getAsBoolean()) {
            if (cycle == null && !losses.owed()
                    && !pacing.mayStart(clock.millis(), ScanCyclePacing.incarnations(live.values()), garbage.wantsCycle(clock.millis()))) {
                stats.scanRested();
                return false; // the last cycle confirmed every copy on these very nodes, less than the rest ago
            }
            if (cycle == null && !startCycle(live, leader)) {
                return false; // no cycle yet: the next pass starts one, parts first again
            }
            Slice slice = scanPages(live, leader, budget);
            budget -= slice.scanned();
            live = slice.live();
            switch (slice.end()) {
                case CYCLE_DONE -> {
                    boolean sawRecords = cycle.records > 0;
                    completeCycle(live);
                    if (losses.cycleDone(sawRecords)) {
                        return false; // every record was looked at after the last loss
                    } // else the next cycle, from the first key, is the rescan
                }
                case RESCANNED -> {
                    losses.rescanned();
                    return false; // the rest of this cycle was looked at with the new live set: it waits for the next passes
                }
                case LEADERSHIP_LOST -> {
                    return false;
                }
                case BUDGET -> {
                    // The budget ran out before the cycle (or the rescan) completed: the next pass goes on
                    // at once only while a loss is being caught up with.
                    return losses.urgent() && leader.getAsBoolean();
                }
            }
        }
        return losses.urgent() && leader.getAsBoolean() && (cycle != null || losses.owed());
    }

    /** Starts a scan cycle at the stored cursor; false when leadership was lost while reading the parts. */
    private boolean startCycle(Map<String, NodeInfo> live, BooleanSupplier leader) {
        Cycle next = new Cycle(state.loadCursor().orElse(null), clock.millis(), settings.gcFilterBits());
        if (next.fromStart && !referenceParts(next, leader)) {
            return false;
        }
        cycle = next;
        pacing.cycleStarted(next.startMillis, ScanCyclePacing.incarnations(live.values()), next.fromStart);
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
     * {@code budget} records were read, the cycle ends, or a rescan reaches where a loss was seen.
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
                losses.pageLive(pageLive.keySet(), readTo);
                pacing.pageLive(ScanCyclePacing.incarnations(pageLive.values()));
                live = pageLive;
                for (MetadataStore.Stored stored : page) {
                    reference(stored.metadata());
                }
                scanned += page.size();
                cycle.records += page.size();
                readTo = page.isEmpty() ? readTo : page.get(page.size() - 1).metadata().key();
                inFlight.addLast(new PageInFlight(readTo, pages.submit(() -> pageHealer.heal(page, pageLive, null, true, leader, times))));
                if (page.size() < wanted) {
                    end = SliceEnd.CYCLE_DONE;
                    break;
                }
                if (losses.reached(readTo)) {
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

    /** A scan page being healed, and the key the cursor moves to once it is done. */
    private record PageInFlight(String lastKey, Future<Integer> healing) {
    }

    /**
     * Waits for {@code page} (every page before it is done) and moves the cursor past it; false when
     * leadership was lost, leaving the cursor before it: the next leader audits it again.
     */
    private boolean finish(PageInFlight page, BooleanSupplier leader) throws InterruptedException {
        pacing.pageLeft(PageHealer.outcome(page.healing())); // etcd not answering ends the scan phase, as it did a page at a time
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
    Map<String, NodeInfo> liveNow(Map<String, NodeInfo> before) {
        Map<String, NodeInfo> now = new LinkedHashMap<>();
        nodes.liveNodes().forEach(n -> now.put(n.id(), n));
        return now.isEmpty() ? before : now;
    }

    private void completeCycle(Map<String, NodeInfo> live) {
        state.saveCursor(null);
        stats.cycleCompleted();
        pacing.cycleCompleted(cycle.records > 0);
        if (cycle.fromStart) {
            long cutoff = cycle.startMillis - settings.gcGrace().toMillis();
            garbage.offer(cycle.referenced, cutoff, List.copyOf(live.keySet()), clock.millis());
        }
        LOG.log(System.Logger.Level.DEBUG, "healer: scan cycle complete, " + stats.total.get() + " objects");
        cycle = null;
    }

    /** Adds {@code object}'s copies to the running cycle's references (the GC's): every record scanned or committed. */
    void reference(ObjectMetadata object) {
        Cycle current = cycle;
        if (current != null && !object.deleted()) {
            for (ChunkLocation location : Auditor.locations(object)) {
                current.referenced.add(location.nodeId(), location.chunkId());
            }
        }
    }
}
