package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which batch-gets the event loop reads: on a fake log whose records and append count the test sets. */
class ResidentReadsTest {
    private static final int HEADER = 60;

    /** A log of one segment the process started at 0 bytes, {@code end} bytes long; segment 7 was found at start-up. */
    private static final class FakeLog implements ResidentReads.Log {
        final Map<String, SegmentIndex.Entry> entries = new HashMap<>();
        long end;

        SegmentIndex.Entry put(String id, int segment, int length) {
            SegmentIndex.Entry entry = new SegmentIndex.Entry(id, segment, segment == 1 ? end : 0, HEADER, length, 42, 1_000);
            entries.put(id, entry);
            if (segment == 1) {
                end += HEADER + length;
            }
            return entry;
        }

        @Override
        public SegmentIndex.Entry entry(String id) {
            return entries.get(id);
        }

        @Override
        public long bytesSince(int segment, long offset) {
            return segment == 1 ? end - offset : Long.MAX_VALUE;
        }
    }

    @Test
    void takesARequestWhoseRecordsAreAllInTheWindowInItsOrder() {
        FakeLog log = new FakeLog();
        SegmentIndex.Entry a = log.put("a", 1, 1000);
        SegmentIndex.Entry b = log.put("b", 1, 2000);
        ResidentReads reads = new ResidentReads(1 << 20, 64 << 10);
        assertEquals(List.of(b, a), reads.plan(List.of("b", "a"), log));
        assertEquals(List.of(a, a), reads.plan(List.of("a", "a"), log)); // an id twice is read twice, as on the worker
    }

    @Test
    void theWindowCountsTheBytesAppendedAfterTheRecordsEnd() {
        FakeLog log = new FakeLog();
        log.put("old", 1, 1000);
        for (int i = 0; i < 10; i++) {
            log.put("later" + i, 1, 940); // 1,000 bytes a record with its header
        }
        assertEquals(1, new ResidentReads(10_000, 64 << 10).plan(List.of("old"), log).size(), "exactly the window");
        assertNull(new ResidentReads(9_999, 64 << 10).plan(List.of("old"), log), "one byte past it");
        assertNull(new ResidentReads(9_999, 64 << 10).plan(List.of("later9", "old"), log), "one record past it fails the request");
        assertEquals(1, new ResidentReads(1, 64 << 10).plan(List.of("later9"), log).size(), "the newest record, nothing after it");
    }

    @Test
    void leavesToTheWorkerWhatItCannotVouchFor() {
        FakeLog log = new FakeLog();
        log.put("here", 1, 1000);
        log.put("found-at-start", 7, 1000);
        ResidentReads reads = new ResidentReads(1 << 20, 64 << 10);
        List<List<String>> refused = List.of(
                List.of("here", "in-a-file-or-nowhere"), // not in the index: a stat or an open on the disk
                List.of("found-at-start", "here"), // a segment this process did not write
                List.of()); // nothing to read
        for (List<String> ids : refused) {
            assertNull(reads.plan(ids, log), ids.toString());
        }
        assertEquals(3, refused.size());
        assertNull(ResidentReads.NEVER.plan(List.of("here"), log), "window 0: never");
        assertNull(new ResidentReads(0, 64 << 10).plan(List.of("here"), log));
    }

    @Test
    void boundsTheBytesOfOneRequest() {
        FakeLog log = new FakeLog();
        log.put("a", 1, 940);
        log.put("b", 1, 940);
        assertEquals(2, new ResidentReads(1 << 20, 2_000).plan(List.of("a", "b"), log).size(), "exactly the bound, headers counted");
        assertNull(new ResidentReads(1 << 20, 1_999).plan(List.of("a", "b"), log));
        assertEquals(1, new ResidentReads(1 << 20, 1_999).plan(List.of("b"), log).size());
    }

    @Test
    void refusesNegativeSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ResidentReads(-1, 64 << 10));
        assertThrows(IllegalArgumentException.class, () -> new ResidentReads(1 << 20, -1));
    }
}
