package io.hybridstore.bench.small;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.repair.Auditor;
import io.hybridstore.common.spi.MetadataFeed;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What is left to heal after a node died, kept up to date from the object records as etcd commits
 * them ({@link MetadataFeed}: one scan before the load starts, then a watch), so the heal bench can
 * tell the moment of full redundancy without scanning the store while the heal runs. Why: the scan
 * it ran at the lease expiry took 10-17 s of etcd and the cores exactly while the first pages of
 * the heal committed (docs/benchmarks.md, session 17).
 *
 * <p>The conditions are those of {@link RedundancyCheck}, record by record: a copy on the dead node,
 * a copy listed but not stored in a record that is not IN_PROGRESS, LOST, or DIRTY (a dirty mark
 * exists exactly while its record is DIRTY: the two change in one transaction). The moment all
 * counts reach 0 after {@link #markExpiry} is taken by {@code ticker} when the record that brought
 * them there arrived, so polling this view often or rarely does not change the figure.
 */
final class RedundancyView implements MetadataFeed.Listener {

    static final int ON_VICTIM = 1;
    static final int NOT_STORED = 2;
    static final int LOST = 4;
    static final int DIRTY = 8;
    /** IN_PROGRESS: a write of the running load in flight, counted apart, never against redundancy. */
    static final int IN_FLIGHT = 16;

    private final String deadNode;
    private final LongSupplier ticker;
    private final CountDownLatch synced = new CountDownLatch(1);
    /** Every record's conditions, by key (0: none; tombstones too, as a scan counts them). */
    private final Map<String, Integer> records = new HashMap<>();
    /** How many records have each condition, by its bit's position. */
    private final long[] counts = new long[5];
    private int scans;
    /** Between a reset and the end of the scan that follows it: the counts are partial, nothing is judged. */
    private boolean scanning;
    private boolean expired;
    private long onVictimAtExpiry;
    private Long firstMovedNanos;
    private Long zeroSinceNanos;

    /** @param ticker nanoseconds of a monotonic clock ({@code System::nanoTime}; a fake in tests) */
    RedundancyView(String deadNode, LongSupplier ticker) {
        this.deadNode = deadNode;
        this.ticker = ticker;
    }

    /**
     * What the view holds now: counts as {@link RedundancyCheck} reports them.
     *
     * @param scans the feed's scans of every record: 1, and one more each time its watch ended and it started over
     */
    record Snapshot(long onVictim, long notStored, long inFlight, long lost, long dirty, long records, int scans) {
        boolean fullRedundancy() {
            return onVictim == 0 && notStored == 0 && lost == 0 && dirty == 0;
        }

        HealReport.Check asCheck(double secondsAfterExpiry) {
            return new HealReport.Check(secondsAfterExpiry, onVictim, notStored, inFlight, lost, dirty, records, "watch");
        }
    }

    /** Waits until the first scan was delivered; false if it was not within {@code millis}. */
    boolean awaitSynced(long millis) throws InterruptedException {
        return synced.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The lease expired now: what the view holds is what the dead node took; full redundancy is looked for from here on. */
    synchronized Snapshot markExpiry() {
        expired = true;
        onVictimAtExpiry = count(ON_VICTIM);
        zeroSinceNanos = snapshot().fullRedundancy() ? ticker.getAsLong() : null;
        return snapshot();
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(count(ON_VICTIM), count(NOT_STORED), count(IN_FLIGHT), count(LOST), count(DIRTY), records.size(), scans);
    }

    /** When the first record moved off the dead node after the expiry; null before. */
    synchronized Long firstMovedNanos() {
        return firstMovedNanos;
    }

    /** Since when every count has been 0 (after the expiry); null while something is left. */
    synchronized Long zeroSinceNanos() {
        return zeroSinceNanos;
    }

    synchronized long onVictimAtExpiry() {
        return onVictimAtExpiry;
    }

    @Override
    public synchronized void reset() {
        records.clear();
        Arrays.fill(counts, 0);
        scans++;
        scanning = true;
        zeroSinceNanos = null;
    }

    @Override
    public synchronized void put(ObjectMetadata record) {
        int now = conditions(record, deadNode);
        Integer before = records.put(record.key(), now);
        add(before == null ? 0 : before, -1);
        add(now, +1);
        changed();
    }

    @Override
    public synchronized void removed(String key) {
        Integer before = records.remove(key);
        add(before == null ? 0 : before, -1);
        changed();
    }

    @Override
    public synchronized void synced() {
        scanning = false;
        changed();
        synced.countDown();
    }

    private void add(int flags, int sign) {
        for (int bit = 0; bit < counts.length; bit++) {
            counts[bit] += (flags & (1 << bit)) != 0 ? sign : 0;
        }
    }

    private long count(int flag) {
        return counts[Integer.numberOfTrailingZeros(flag)];
    }

    private void changed() {
        if (!expired || scanning) {
            return;
        }
        if (firstMovedNanos == null && count(ON_VICTIM) < onVictimAtExpiry) {
            firstMovedNanos = ticker.getAsLong();
        }
        if (!snapshot().fullRedundancy()) {
            zeroSinceNanos = null;
        } else if (zeroSinceNanos == null) {
            zeroSinceNanos = ticker.getAsLong();
        }
    }

    /**
     * The conditions {@code m} fails with {@code deadNode} gone, as bits; the one judgement of a
     * record, shared with {@link RedundancyCheck#check}. The copies are those the healer audits
     * ({@link Auditor#locations}), so the bench and the healer cannot disagree on what a record names.
     */
    static int conditions(ObjectMetadata m, String deadNode) {
        if (m.state() == ObjectState.DELETED) {
            return 0;
        }
        List<ChunkLocation> copies = Auditor.locations(m);
        int flags = copies.stream().anyMatch(c -> deadNode.equals(c.nodeId())) ? ON_VICTIM : 0;
        if (m.state() != ObjectState.IN_PROGRESS && copies.stream().anyMatch(c -> c.storedAtMillis() == 0)) {
            flags |= NOT_STORED;
        }
        flags |= m.state() == ObjectState.LOST ? LOST : 0;
        flags |= m.state() == ObjectState.DIRTY ? DIRTY : 0;
        flags |= m.state() == ObjectState.IN_PROGRESS ? IN_FLIGHT : 0;
        return flags;
    }
}
