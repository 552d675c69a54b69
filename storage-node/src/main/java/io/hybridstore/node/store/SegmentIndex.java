package io.hybridstore.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;

/**
 * Where each live small chunk is: id → (segment, offset, lengths, CRC32C, modified time), in memory,
 * rebuilt by scanning the segments at start. Mutations come only through {@link #apply} (and
 * {@link #move} for compaction), called in log order under the log's append lock, so the index is
 * always what a scan of the log would rebuild. Reads take no lock: they read optimistically and
 * validate (a {@link StampedLock} stamp), so they never return a torn entry, and retry under the read
 * lock when a change crossed them. Each mutation holds the write lock for its few stores only.
 *
 * <p>Held without a Java object per chunk ({@link ChunkTable}: fixed slots in pages of {@code long[]},
 * the ids' bytes in an {@link IdArena}, an int table by id, per fan-out a sorted chain). The index it
 * replaces kept per chunk an entry record, the id string, its listing key string, a skip-list node and
 * a hash-map node, ~360 bytes in ~6 objects that live for good: under 32 writers those were almost
 * all of what a node's young collection copied (~11 MiB, copied 2-4 times through the survivor spaces
 * before promotion; 42 ms a collection on two shared cores: docs/benchmarks.md, session 28, h32-gc).
 * Now a collection copies what requests have in flight and the few pages the index added since the
 * last one (~125 bytes a chunk, in arrays: session 29). {@link Entry} values are made for each read
 * (short-lived, so free): compare them with {@code equals}, never by identity.
 *
 * <p>Listed by (fan-out, id) — the order {@link ChunkListing} pages the chunk files in — so one listing
 * can merge both stores with one cursor; looked up by id through a cheap hash (a SHA-256 per look-up
 * and string comparisons were 6-12 % of a node's Java CPU samples under small-document load,
 * docs/benchmarks.md, session 18): the fan-out's SHA-256 is taken once, when an id first comes in.
 * Also counts, per segment, the bytes of its live records: compaction picks segments by that.
 */
final class SegmentIndex {

    /** A live put record: its header starts at {@code offset} in segment {@code segment}. */
    record Entry(String id, int segment, long offset, int headerLength, int length, int crc32c, long modifiedMillis) {
        long position() {
            return SegmentLog.position(segment, offset);
        }

        int totalLength() {
            return headerLength + length;
        }

        ChunkInfo info(java.util.Optional<String> sha256Hex) {
            return new ChunkInfo(id, length, Long.toHexString(Integer.toUnsignedLong(crc32c)), sha256Hex, modifiedMillis);
        }
    }

    private static final int INITIAL_IDS = 1024;

    private final StampedLock lock = new StampedLock();
    /** Written only by the holder of the log's append lock, within {@link #lock}'s write lock; that writer reads it without a stamp. */
    private final ChunkTable table;
    private final Map<Integer, AtomicLong> liveBytes = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong dataBytes = new AtomicLong();

    SegmentIndex() {
        this(INITIAL_IDS);
    }

    SegmentIndex(int initialIds) { // the id table's first size (tests start small to cross its growth)
        table = new ChunkTable(initialIds);
    }

    /** The record at {@code (segment, offset)} is the newest of its id: a put replaces, a tombstone removes. */
    void apply(SegmentRecord record, int segment, long offset) {
        String id = record.id();
        int slot = table.find(id);
        boolean replaces = slot != ChunkTable.NONE;
        int previousSegment = replaces ? table.segment(slot) : 0;
        int previousLength = replaces ? table.length(slot) : 0;
        int previousTotal = replaces ? table.headerLength(slot) + previousLength : 0;
        if (record.kind() == SegmentRecord.Kind.PUT) {
            int fan = replaces ? 0 : ChunkLayout.fanOutValue(id); // the SHA-256 outside the write lock
            long stamp = lock.writeLock();
            try {
                if (replaces) {
                    table.update(slot, segment, offset, record.headerLength(), record.length(), record.crc32c(), record.modifiedMillis());
                } else {
                    table.insert(id, fan, segment, offset, record.headerLength(), record.length(), record.crc32c(), record.modifiedMillis());
                }
            } finally {
                lock.unlockWrite(stamp);
            }
            live(segment).addAndGet(record.headerLength() + record.length());
            count.incrementAndGet();
            dataBytes.addAndGet(record.length());
        } else if (replaces) {
            long stamp = lock.writeLock();
            try {
                table.remove(slot);
            } finally {
                lock.unlockWrite(stamp);
            }
        }
        if (replaces) {
            live(previousSegment).addAndGet(-previousTotal);
            count.decrementAndGet();
            dataBytes.addAndGet(-previousLength);
        }
    }

    /** Compaction copied the record at {@code from} to {@code newOffset} of the same segment number: repoint it, if still live. */
    boolean move(String id, long from, int segment, long newOffset) {
        int slot = table.find(id);
        if (slot == ChunkTable.NONE || SegmentLog.position(table.segment(slot), table.offset(slot)) != from) {
            return false;
        }
        long stamp = lock.writeLock();
        try {
            table.move(slot, segment, newOffset);
        } finally {
            lock.unlockWrite(stamp);
        }
        return true;
    }

    /** Sets a segment's live bytes after compaction replaced it (the moved records' bytes). */
    void setLiveBytes(int segment, long bytes) {
        live(segment).set(bytes);
    }

    /** A fresh value (compare with {@code equals}); null when the id has no live record. */
    Entry get(String id) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                Entry entry = lookUp(id);
                if (lock.validate(stamp)) {
                    return entry;
                }
            } catch (RuntimeException changedWhileRead) {
                // a torn state (an index past an array's end): read again under the lock
            }
        }
        stamp = lock.readLock();
        try {
            return lookUp(id);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Whether {@code id} has a live record after {@code position}: an older tombstone of it is no longer needed. */
    boolean liveAfter(String id, long position) {
        Entry entry = get(id);
        return entry != null && entry.position() > position;
    }

    /**
     * Up to {@code limit} entries after {@code afterId} (null: from the start) in listing order. Each
     * fan-out's chain is read under its own stamp (retried under the read lock), so a long page never
     * holds the writers back for more than one chain.
     */
    List<Entry> page(String afterId, int limit) {
        List<Entry> page = new ArrayList<>(Math.min(limit, 1024));
        int first = afterId == null ? 0 : ChunkLayout.fanOutValue(afterId);
        for (int fan = first; fan < ChunkTable.FANS && page.size() < limit; fan++) {
            String after = fan == first ? afterId : null;
            int before = page.size();
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    if (!table.emptyFan(fan)) {
                        table.chain(fan, after, limit, page);
                    }
                    if (lock.validate(stamp)) {
                        continue;
                    }
                } catch (RuntimeException changedWhileRead) {
                    // read the chain again under the lock
                }
                page.subList(before, page.size()).clear();
            }
            stamp = lock.readLock();
            try {
                table.chain(fan, after, limit, page);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return page;
    }

    long liveBytes(int segment) {
        AtomicLong bytes = liveBytes.get(segment);
        return bytes == null ? 0 : bytes.get();
    }

    void forget(int segment) {
        liveBytes.remove(segment);
    }

    long count() {
        return count.get();
    }

    long dataBytes() {
        return dataBytes.get();
    }

    /** The listing order of both stores: the id's fan-out directory, then the id. */
    static String key(String id) {
        return ChunkLayout.fanOut(id) + id;
    }

    /** Slots for and bytes of ids in the table (a test watches growth and the arena's reclaim). */
    ChunkTable table() {
        return table;
    }

    private Entry lookUp(String id) {
        int slot = table.find(id);
        return slot == ChunkTable.NONE ? null : table.entry(slot, id);
    }

    private AtomicLong live(int segment) {
        return liveBytes.computeIfAbsent(segment, s -> new AtomicLong());
    }
}
