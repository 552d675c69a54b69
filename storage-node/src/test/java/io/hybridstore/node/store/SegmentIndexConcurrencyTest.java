package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers take no lock: while one writer puts, re-puts, deletes and moves (and the table grows and its
 * arena is reclaimed), every entry a reader gets or pages must be one the writer wrote whole. Each put
 * of version v derives every field from (id, v), so a torn entry (fields of two versions, or of two
 * ids) fails the check.
 */
class SegmentIndexConcurrencyTest {
    private static final long MOVED = 1_000_000_000L;

    @Test
    void readersNeverSeeATornOrForeignEntryWhileTheWriterChangesEverything() throws Exception {
        Random setup = new Random(33);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 14_000; i++) {
            String made = ChunkTableTest.randomId(setup, ids);
            ids.add(made.substring(0, Math.min(made.length(), 190)) + "-" + i); // distinct, 3-195 characters
        }
        SegmentIndex index = new SegmentIndex(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch readersStarted = new CountDownLatch(3);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong checked = new AtomicLong();
        AtomicLong checkedWhileWriting = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int reader = r;
            readers.add(Thread.ofPlatform().start(() -> {
                Random random = new Random(reader);
                readersStarted.countDown();
                while (writing.get()) {
                    List<SegmentIndex.Entry> seen = reader == 0
                            ? index.page(random.nextBoolean() ? null : ids.get(random.nextInt(ids.size())), 200)
                            : listOf(index.get(ids.get(random.nextInt(ids.size()))));
                    String previousKey = null;
                    for (SegmentIndex.Entry entry : seen) {
                        String problem = problemWith(entry);
                        if (problem != null) {
                            failures.add(problem);
                        }
                        String key = reader == 0 ? SegmentIndex.key(entry.id()) : null;
                        if (previousKey != null && previousKey.compareTo(key) >= 0) {
                            failures.add("page out of order at " + entry.id());
                        }
                        previousKey = key;
                        checked.incrementAndGet();
                        if (writing.get()) {
                            checkedWhileWriting.incrementAndGet();
                        }
                    }
                }
            }));
        }
        readersStarted.await();
        Random random = new Random(34);
        int[] version = new int[ids.size()];
        long[] offsets = new long[ids.size()];
        boolean[] live = new boolean[ids.size()];
        int operations = 0;
        for (int v = 1; v <= 300_000; v++) {
            int i = random.nextInt(ids.size());
            String id = ids.get(i);
            int kind = random.nextInt(10);
            if (kind < 6) {
                index.apply(SegmentRecord.put(id, v % 1_000 + 1, crcOf(id, v), 3L * v, null), v, offsetOf(id, v));
                version[i] = v;
                offsets[i] = offsetOf(id, v);
                live[i] = true;
            } else if (kind < 9) {
                index.apply(SegmentRecord.tombstone(SegmentRecord.Kind.DELETE, id, v), v, offsetOf(id, v));
                live[i] = false;
            } else if (live[i]) {
                long to = offsets[i] + MOVED;
                assertTrue(index.move(id, SegmentLog.position(version[i], offsets[i]), version[i], to));
                offsets[i] = to;
            }
            operations++;
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(300_000, operations);
        assertTrue(checkedWhileWriting.get() > 1_000, "entries checked while the writer wrote: " + checkedWhileWriting.get());
        assertTrue(index.table().reclaims() > 0, "the arena was reclaimed under the readers");
        assertTrue(index.table().slotCapacity() > ChunkTable.PAGE_SLOTS, "the slots took a second page under the readers");
        long liveCount = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (live[i]) {
                liveCount++;
                SegmentIndex.Entry entry = index.get(ids.get(i));
                assertEquals(SegmentLog.position(version[i], offsets[i]), entry.position(), ids.get(i));
                assertEquals(null, problemWith(entry));
            }
        }
        assertEquals(liveCount, index.count());
        assertTrue(checked.get() >= checkedWhileWriting.get());
    }

    /** Null when every field of the entry is what the put of (its id, its version) wrote. */
    private static String problemWith(SegmentIndex.Entry entry) {
        int v = entry.segment();
        String id = entry.id();
        long offset = entry.offset() % MOVED;
        if (offset != offsetOf(id, v) || entry.length() != v % 1_000 + 1 || entry.crc32c() != crcOf(id, v)
                || entry.modifiedMillis() != 3L * v || entry.headerLength() != SegmentRecord.put(id, 0, 0, 0, null).headerLength()) {
            return "torn entry " + entry;
        }
        return null;
    }

    private static long offsetOf(String id, int v) {
        return 7L * v + id.length();
    }

    private static int crcOf(String id, int v) {
        return id.hashCode() * 31 + v;
    }

    private static List<SegmentIndex.Entry> listOf(SegmentIndex.Entry entry) {
        return entry == null ? List.of() : List.of(entry);
    }
}
