package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.io.etcd.DeltaCursor.KeyRange;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeltaCursorTest {

    private static final String P = "/hs/usage/deltas/";
    private static final String END = "/hs/usage/deltas0";
    private final AtomicLong clock = new AtomicLong();
    private final DeltaCursor cursor = new DeltaCursor(P, clock::get);

    private static String delta(int partition, long offset) {
        return P + String.format(Locale.ROOT, "%05d-%019d-%019d", partition, offset, 0);
    }

    private static String from(int partition, long offset) {
        return P + String.format(Locale.ROOT, "%05d-%019d", partition, offset);
    }

    @Test
    void theFirstReadIsTheWholePrefix() {
        assertEquals(List.of(new KeyRange(P, END)), cursor.next());
    }

    @Test
    void afterAFoldEachPartitionIsReadFromItsNewestFoldedOffsetLessTheMarginAndTheGapsWhole() {
        cursor.next();
        cursor.folded(List.of(delta(0, 9_000), delta(0, 12_000), delta(2, 500), delta(2, 300)));
        clock.addAndGet(1_000_000_000L);
        assertEquals(List.of(
                new KeyRange(P, P + "00000-"), // below partition 0: no write's delta, read all the same
                new KeyRange(from(0, 12_000 - DeltaCursor.MARGIN), P + "00002-"), // partition 0 from its cursor, partition 1 whole
                new KeyRange(from(2, 0), END)), // partition 2 (newest 500: from 0), then later partitions and the recounts
                cursor.next());
    }

    @Test
    void aGapBeforeTheFirstKnownPartitionIsReadWhole() {
        cursor.next();
        cursor.folded(List.of(delta(1, 50_000)));
        assertEquals(List.of(new KeyRange(P, P + "00001-"), new KeyRange(from(1, 48_000), END)), cursor.next());
    }

    /** Whatever was folded, every key at or above its partition's cursor less the margin is in exactly one range. */
    @Test
    void theRangesCoverEveryKeyNotSkippedAndNoKeyTwice() {
        cursor.next();
        cursor.folded(List.of(delta(0, 10_000), delta(3, 7_000), delta(7, 2_500)));
        List<KeyRange> ranges = cursor.next();
        List<String> probes = List.of(delta(0, 8_000), delta(0, 8_001), delta(0, 99_999), delta(1, 0), delta(2, 5), delta(3, 5_000),
                delta(3, 5_001), delta(5, 1), delta(7, 500), delta(7, 501), delta(8, 0), delta(99_999, 1), P + "recount-0000000000000000042-00000");
        int covered = 0;
        for (String key : probes) {
            long hits = ranges.stream().filter(r -> key.compareTo(r.from()) >= 0 && key.compareTo(r.to()) < 0).count();
            assertEquals(1, hits, key);
            covered++;
        }
        List<String> skipped = List.of(delta(0, 0), delta(0, 7_999), delta(3, 4_999), delta(7, 499));
        for (String key : skipped) {
            assertTrue(ranges.stream().noneMatch(r -> key.compareTo(r.from()) >= 0 && key.compareTo(r.to()) < 0), key);
            covered++;
        }
        assertEquals(17, covered);
    }

    @Test
    void keysThatAreNoWritesDeltaMoveNoCursor() {
        cursor.next();
        cursor.folded(List.of(P + "recount-0000000000000000042-00000", P + "00001-12", "/other/00001-0000000000000000042-0000000000000000000"));
        assertEquals(List.of(new KeyRange(P, END)), cursor.next());
    }

    @Test
    void aFullReadComesBackEveryMinuteAndMovesNoCursorBack() {
        cursor.next();
        cursor.folded(List.of(delta(0, 100_000), delta(1, 50_000)));
        clock.addAndGet(DeltaCursor.FULL_EVERY.toNanos() - 1);
        assertEquals(3, cursor.next().size(), "not due yet");
        clock.addAndGet(1);
        assertEquals(List.of(new KeyRange(P, END)), cursor.next(), "due: the deltas a cursor skips are read");
        cursor.folded(List.of(delta(0, 7))); // a late delta, folded by the full read
        List<KeyRange> after = List.of(new KeyRange(P, P + "00000-"), new KeyRange(from(0, 98_000), P + "00001-"),
                new KeyRange(from(1, 48_000), END));
        assertEquals(after, cursor.next(), "partition 0's cursor stays where its newest fold put it");
        assertEquals(after, cursor.next(), "and stays while nothing is folded");
    }
}
