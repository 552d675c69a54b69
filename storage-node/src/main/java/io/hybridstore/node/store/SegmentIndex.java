package io.hybridstore.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where each live small chunk is: id → (segment, offset, lengths, CRC32C, modified time), in memory,
 * rebuilt by scanning the segments at start. Mutations come only through {@link #apply} (and
 * {@link #move} for compaction), called in log order under the log's append lock, so the index is
 * always what a scan of the log would rebuild. Reads need no lock.
 *
 * <p>Keyed by (fan-out, id) — the order {@link ChunkListing} pages the chunk files in — so one listing
 * can merge both stores with one cursor; and by id alone, for the look-ups of every read, write and
 * audit: the ordered key costs a SHA-256 of the id (its fan-out) and a walk of string comparisons,
 * which were 6-12 % of a node's Java CPU samples under small-document load (docs/benchmarks.md,
 * session 18), for about 40 more bytes of heap per chunk. Also counts, per segment, the bytes of its
 * live records: compaction picks segments by that.
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

    private final ConcurrentSkipListMap<String, Entry> byKey = new ConcurrentSkipListMap<>();
    /** The same entries by id; written with {@link #byKey}, under the log's append lock. */
    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> liveBytes = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong dataBytes = new AtomicLong();

    /** The record at {@code (segment, offset)} is the newest of its id: a put replaces, a tombstone removes. */
    void apply(SegmentRecord record, int segment, long offset) {
        String key = key(record.id());
        Entry previous;
        if (record.kind() == SegmentRecord.Kind.PUT) {
            Entry entry = new Entry(record.id(), segment, offset, record.headerLength(), record.length(), record.crc32c(),
                    record.modifiedMillis());
            previous = byKey.put(key, entry);
            byId.put(entry.id(), entry);
            live(segment).addAndGet(entry.totalLength());
            count.incrementAndGet();
            dataBytes.addAndGet(entry.length());
        } else {
            previous = byKey.remove(key);
            byId.remove(record.id());
        }
        if (previous != null) {
            live(previous.segment()).addAndGet(-previous.totalLength());
            count.decrementAndGet();
            dataBytes.addAndGet(-previous.length());
        }
    }

    /** Compaction copied the record at {@code from} to {@code newOffset} of the same segment number: repoint it, if still live. */
    boolean move(String id, long from, int segment, long newOffset) {
        Entry entry = byId.get(id);
        if (entry == null || entry.position() != from) {
            return false;
        }
        Entry moved = new Entry(id, segment, newOffset, entry.headerLength(), entry.length(), entry.crc32c(), entry.modifiedMillis());
        byKey.put(key(id), moved);
        byId.put(id, moved);
        return true;
    }

    /** Sets a segment's live bytes after compaction replaced it (the moved records' bytes). */
    void setLiveBytes(int segment, long bytes) {
        live(segment).set(bytes);
    }

    Entry get(String id) {
        return byId.get(id);
    }

    /** Whether {@code id} has a live record after {@code position}: an older tombstone of it is no longer needed. */
    boolean liveAfter(String id, long position) {
        Entry entry = get(id);
        return entry != null && entry.position() > position;
    }

    /** Up to {@code limit} entries after {@code afterId} (null: from the start) in listing order. */
    List<Entry> page(String afterId, int limit) {
        Map<String, Entry> tail = afterId == null ? byKey : byKey.tailMap(key(afterId), false);
        List<Entry> page = new ArrayList<>(Math.min(limit, 1024));
        for (Entry entry : tail.values()) {
            if (page.size() >= limit) {
                break;
            }
            page.add(entry);
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

    private AtomicLong live(int segment) {
        return liveBytes.computeIfAbsent(segment, s -> new AtomicLong());
    }
}
