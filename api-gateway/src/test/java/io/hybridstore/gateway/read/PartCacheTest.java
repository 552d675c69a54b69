package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The part cache on its own: what it keeps, what it serves, its bounds and its validation. */
class PartCacheTest {

    private static final long HEAP = 256L << 20;

    private static String sha(int i) {
        return String.format("%064x", i);
    }

    @Test
    void aPartKeptIsServedAsTheSameArrayAndCounted() {
        PartCache cache = PartCache.of(1 << 20, HEAP);
        byte[] bytes = {1, 2, 3};
        cache.keep(sha(1), bytes);
        assertSame(bytes, cache.get(sha(1), 3), "shared, never copied");
        assertNull(cache.get(sha(2), 3));
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(1, cache.size());
        assertEquals(3 + PartCache.ENTRY_OVERHEAD, cache.weight());
    }

    @Test
    void aPartOfAnotherLengthThanTheRecordSaysIsAMiss() {
        PartCache cache = PartCache.of(1 << 20, HEAP);
        cache.keep(sha(1), new byte[10]);
        assertNull(cache.get(sha(1), 11));
        assertEquals(0, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void offKeepsNothingAndCountsNothing() {
        for (PartCache cache : List.of(PartCache.off(), PartCache.of(0, HEAP))) {
            cache.keep(sha(1), new byte[10]);
            assertNull(cache.get(sha(1), 10));
            assertFalse(cache.enabled());
            assertEquals(0, cache.hits() + cache.misses() + cache.size() + cache.weight());
        }
    }

    @Test
    void partsLargerThan64KiBOrAShareOfTheBoundAreNotKept() {
        PartCache large = PartCache.of(64L << 20, HEAP);
        assertTrue(large.keeps(64 << 10));
        assertFalse(large.keeps((64 << 10) + 1), "64 KiB at most, however large the bound");
        PartCache small = PartCache.of(64 << 10, HEAP);
        assertTrue(small.keeps(1024));
        assertFalse(small.keeps(1025), "a 64th of a 64-KiB bound");
        small.keep(sha(1), new byte[1025]);
        assertEquals(0, small.size());
    }

    @Test
    void theBoundHoldsWhateverIsKept() {
        long bound = 256 << 10;
        PartCache cache = PartCache.of(bound, HEAP);
        int kept = 0;
        for (int i = 0; i < 2_000; i++) {
            cache.keep(sha(i), new byte[1000 + i % 3000]);
            kept++;
            assertTrue(cache.weight() <= bound, "after " + kept + " parts: " + cache.weight());
        }
        assertEquals(2_000, kept);
        assertTrue(cache.size() > 0 && cache.size() < 2_000, "some evicted, some kept: " + cache.size());
    }

    @Test
    void moreThanAQuarterOfTheHeapOrANegativeSizeIsRefusedAtStart() {
        assertEquals(64L << 20, HEAP / 4);
        PartCache.of(64L << 20, HEAP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartCache.of((64L << 20) + 1, HEAP));
        assertTrue(e.getMessage().contains("GATEWAY_PART_CACHE_SIZE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PartCache.of(-1, HEAP));
    }

    @Test
    void aCommittedRecordFillsBothOfItsPartsByTheirHashes() {
        PartCache cache = PartCache.of(1 << 20, HEAP);
        byte[] hot = {'{', '}'};
        byte[] cold = new byte[100];
        ObjectMetadata both = record(new HotPart(sha(1), hot.length, List.<ChunkLocation>of()),
                new ColdPart(sha(2), cold.length, 4, 2, 25, List.of()));
        cache.committed(both, hot, cold);
        assertSame(hot, cache.get(sha(1), hot.length));
        assertSame(cold, cache.get(sha(2), cold.length));
        ObjectMetadata coldOnly = record(null, new ColdPart(sha(3), cold.length, 4, 2, 25, List.of()));
        cache.committed(coldOnly, null, cold);
        assertSame(cold, cache.get(sha(3), cold.length));
        assertEquals(3, cache.size());
    }

    private static ObjectMetadata record(HotPart hot, ColdPart cold) {
        return new ObjectMetadata("k", new Version(0, 1), ObjectState.CLEAN, List.of("a"), hot, cold, List.of(), List.of(), 1, 1);
    }

    @Test
    void theDefaultSizeIsThirtyTwoMebibytesOrAnEighthOfASmallerHeapAndAlwaysStarts() {
        assertEquals(32L << 20, PartCache.defaultBytes(256L << 20), "the cluster's gateways, -Xmx256m");
        assertEquals(16L << 20, PartCache.defaultBytes(128L << 20), "the blob tests' gateway, -Xmx128m");
        assertEquals(32L << 20, PartCache.defaultBytes(4L << 30), "a large heap: the default, not an eighth");
        for (long heap : new long[] {64L << 20, 128L << 20, 256L << 20, 4L << 30}) {
            assertTrue(PartCache.of(PartCache.defaultBytes(heap), heap).enabled(), "starts on a heap of " + heap);
        }
    }

    /** Hashes whose first five hex digits differ, so each has a doorkeeper bit of its own. */
    private static String spread(int i) {
        return String.format("%05x", i) + "0".repeat(59);
    }

    @Test
    void aPartAReadFetchedIsKeptOnItsSecondMissNotItsFirst() {
        PartCache cache = PartCache.of(1 << 20, HEAP);
        byte[] bytes = {1, 2, 3};
        cache.admit(spread(1), bytes);
        assertNull(cache.get(spread(1), 3), "the first miss only marks it");
        cache.admit(spread(1), bytes);
        assertSame(bytes, cache.get(spread(1), 3), "the second keeps it");
        cache.keep(spread(2), bytes);
        assertSame(bytes, cache.get(spread(2), 3), "a write's part is kept at once");
        assertEquals(2, cache.size());
    }

    @Test
    void aMarkIsForgottenAfterAWindowOfOtherMisses() {
        // 64 KiB of 3-byte parts (203 bytes each with the overhead): 322 parts, so the window is the least, 1,024 marks.
        PartCache cache = PartCache.of(64 << 10, HEAP);
        byte[] bytes = {1, 2, 3};
        cache.admit(spread(0), bytes);
        for (int i = 1; i < 1_023; i++) {
            cache.admit(spread(i), bytes);
        }
        assertEquals(0, cache.size(), "1,023 first misses, none kept");
        cache.admit(spread(0), bytes);
        assertEquals(1, cache.size(), "still marked: kept");
        cache.admit(spread(1_023), bytes); // the window's 1,024th mark: the marks are cleared
        for (int i = 1; i < 3; i++) {
            cache.admit(spread(i), bytes);
        }
        assertEquals(1, cache.size(), "marked before the window ended: forgotten, only marked again");
        cache.admit(spread(1), bytes);
        assertEquals(2, cache.size());
    }

    @Test
    void theDoorkeepersBitIsTheHashsFirstTwentyBitsOrAnyHashOfAKeyThatIsNotHex() {
        assertEquals(0xabcde, PartCache.Doorkeeper.bit("abcde" + "0".repeat(59)));
        assertEquals(0xabcde, PartCache.Doorkeeper.bit("abcdef" + "1".repeat(58)), "only the first five digits");
        assertEquals(0, PartCache.Doorkeeper.bit(sha(7)), "a small number's hash: leading zeros, one bit for all of them");
        int notHex = PartCache.Doorkeeper.bit("not-a-hash");
        assertTrue(notHex >= 0 && notHex < PartCache.Doorkeeper.BITS);
    }
}
