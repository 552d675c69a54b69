package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index's two views (by id for look-ups, by listing key for pages) stay one and the same index. */
class SegmentIndexTest {

    @Test
    void lookUpsAndPagesAgreeThroughPutsRePutsTombstonesAndMoves() {
        SegmentIndex index = new SegmentIndex();
        Map<String, Long> live = new HashMap<>(); // id -> position of its newest put: the reference
        Random random = new Random(18);
        long offset = 0;
        int operations = 0;
        for (int i = 0; i < 5_000; i++) {
            String id = "c" + random.nextInt(300);
            int kind = random.nextInt(10);
            if (kind < 6) {
                index.apply(SegmentRecord.put(id, 10, 7, 1_000 + i, null), 1, offset);
                live.put(id, SegmentLog.position(1, offset));
            } else if (kind < 8) {
                index.apply(SegmentRecord.tombstone(kind == 6 ? SegmentRecord.Kind.DELETE : SegmentRecord.Kind.QUARANTINE, id, i), 1, offset);
                live.remove(id);
            } else if (live.containsKey(id)) {
                long newOffset = 1_000_000 + offset; // compaction moved it within segment 1's next generation
                assertTrue(index.move(id, live.get(id), 1, newOffset));
                assertFalse(index.move(id, live.get(id), 1, newOffset + 1), "a stale position moves nothing");
                live.put(id, SegmentLog.position(1, newOffset));
            }
            offset += 100;
            operations++;
        }
        assertEquals(5_000, operations);
        List<SegmentIndex.Entry> all = index.page(null, 10_000);
        assertEquals(live.size(), all.size());
        assertEquals(live.size(), index.count());
        for (SegmentIndex.Entry entry : all) {
            assertEquals(entry, index.get(entry.id()), "the look-up finds the entry the page lists");
            assertEquals(live.get(entry.id()), entry.position());
        }
        for (int c = 0; c < 300; c++) {
            String id = "c" + c;
            if (!live.containsKey(id)) {
                assertNull(index.get(id), id);
            }
        }
    }
}
