package io.hybridstore.io.etcd;

import static io.hybridstore.io.etcd.NarrowingRangeCostTest.END;
import static io.hybridstore.io.etcd.NarrowingRangeCostTest.PREFIX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * First pages (reads from the prefix itself) through {@link RangeStarts}, on the cost model of
 * {@link SortedKeys} (a sub-range costs every key it spans, as etcd 3.4 counts a range): without a
 * hint a first page spans the whole prefix; with one it costs what a page from a cursor costs, and
 * whatever the hint (gone, with keys written before it, outside the prefix), a page is what one
 * range read returns.
 */
class RangeStartsTest {

    private static final int PAGE = 1_001;

    /** Hints kept as etcd would keep them, shared by every {@link RangeStarts} (gateway) made on it. */
    private static final class StoredHints implements RangeStarts.Hints {
        final Map<String, byte[]> hints = new HashMap<>();
        int saves;
        int loads;

        @Override
        public byte[] load(byte[] floor) {
            loads++;
            return hints.get(new String(floor, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void save(byte[] floor, byte[] key) {
            saves++;
            hints.put(new String(floor, StandardCharsets.ISO_8859_1), key);
        }
    }

    /** Reads {@link SortedKeys} and sums what they span: the count etcd answers each range with. */
    private static final class Counting implements NarrowingRange.Reader<byte[]> {
        final SortedKeys keys;
        long counted;
        int reads;

        Counting(SortedKeys keys) {
            this.keys = keys;
        }

        @Override
        public List<byte[]> read(byte[] start, byte[] end, int limit) {
            List<byte[]> found = keys.read(start, end, limit);
            for (SortedKeys.Read read : keys.drain()) {
                counted += read.spanned();
                reads++;
            }
            return found;
        }

        List<byte[]> firstPage(RangeStarts starts, int limit) {
            counted = 0;
            reads = 0;
            return starts.read(PREFIX, END, limit, this, k -> k, () -> counted);
        }
    }

    /**
     * The bench's million keys. Before: every first page spans all 1,000,000 (one range to the
     * prefix's end). Now only the first in the cluster's life does; it stores its hint, and a
     * gateway that starts later (no hint in memory) or the same one aims by it.
     */
    @Test
    void afterTheFirstOneAFirstPageCostsWhatAPageFromACursorCosts() {
        SortedKeys keys = NarrowingRangeCostTest.decimalKeys();
        StoredHints stored = new StoredHints();
        Counting etcd = new Counting(keys);
        List<byte[]> expected = keys.expected(PREFIX, END, PAGE);

        assertEquals(expected, etcd.firstPage(new RangeStarts(stored), PAGE));
        assertEquals(1_000_000, etcd.counted, "without a hint: one range over the whole prefix");
        assertEquals(1, stored.saves);
        assertArrayEquals(keys.get(0), stored.load(PREFIX));

        RangeStarts anotherGateway = new RangeStarts(stored);
        assertEquals(expected, etcd.firstPage(anotherGateway, PAGE));
        System.out.println("hinted first page of 1M: " + etcd.counted + " keys counted in " + etcd.reads + " reads");
        assertTrue(etcd.counted <= 2 * PAGE, etcd.counted + " keys counted for a page of " + PAGE);
        assertTrue(etcd.reads <= 5, etcd.reads + " reads");
        assertEquals(expected, etcd.firstPage(anotherGateway, PAGE));
        assertTrue(etcd.counted <= 2 * PAGE, "remembered: " + etcd.counted);
        assertEquals(1, stored.saves, "a hint that still holds is not stored again");
    }

    /** Keys written before the hint cost the read what they are; past {@value RangeStarts#STORED_FROM} the new first key is stored. */
    @Test
    void keysWrittenBeforeTheHintAreListedAndAMuchStalerHintIsReplaced() {
        List<byte[]> later = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            later.add(key(String.format("%07d", 100_000 + i)));
        }
        SortedKeys old = new SortedKeys(later);
        StoredHints stored = new StoredHints();
        Counting before = new Counting(old);
        before.firstPage(new RangeStarts(stored), PAGE);
        assertArrayEquals(key("0100000"), stored.load(PREFIX));

        List<byte[]> few = new ArrayList<>(later);
        few.add(key("0000001"));
        few.add(key("0050000"));
        Counting etcd = new Counting(new SortedKeys(few));
        RangeStarts gateway = new RangeStarts(stored);
        assertEquals(etcd.keys.expected(PREFIX, END, PAGE), etcd.firstPage(gateway, PAGE));
        assertTrue(etcd.counted <= 2 * PAGE + 2, etcd.counted + " counted");
        assertArrayEquals(key("0100000"), stored.load(PREFIX), "two keys before it: the stored hint stays, cheap enough");

        List<byte[]> many = new ArrayList<>(later);
        for (int i = 0; i < 30_000; i++) {
            many.add(key(String.format("%07d", 10_000 + i)));
        }
        Counting stale = new Counting(new SortedKeys(many));
        assertEquals(stale.keys.expected(PREFIX, END, PAGE), stale.firstPage(new RangeStarts(stored), PAGE));
        assertEquals(30_001, stale.counted, "the 30,000 keys before the hint, and the hint");
        assertArrayEquals(key("0010000"), stored.load(PREFIX), "stored anew");
        stale.firstPage(new RangeStarts(stored), PAGE);
        assertTrue(stale.counted <= 2 * PAGE, "then cheap again: " + stale.counted);
    }

    /** A prefix too small to cost much is remembered by this gateway but not stored for the others. */
    @Test
    void aSmallPrefixIsRememberedNotStored() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add(key(String.format("%04d", i)));
        }
        StoredHints stored = new StoredHints();
        RangeStarts gateway = new RangeStarts(stored);
        Counting etcd = new Counting(new SortedKeys(keys));
        etcd.firstPage(gateway, 100);
        assertEquals(500, etcd.counted);
        assertNull(stored.load(PREFIX));
        etcd.firstPage(gateway, 100);
        assertTrue(etcd.counted <= 200, "remembered: " + etcd.counted);
    }

    /** An empty prefix (an index value nothing carries yet) asks etcd for its hint once per process, not once per page. */
    @Test
    void anEmptyPrefixLooksForAStoredHintOnce() {
        StoredHints stored = new StoredHints();
        RangeStarts gateway = new RangeStarts(stored);
        Counting etcd = new Counting(new SortedKeys(List.of("/hybridstore/objects/obk".getBytes(StandardCharsets.UTF_8))));
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), etcd.firstPage(gateway, 10));
        }
        assertEquals(1, stored.loads);
    }

    /**
     * Random key sets (bytes 0x00 and 0xff, keys prefixing others) read from their prefix with hints
     * of every kind: a key of the set, a key between two, before the first, after the last, the
     * prefix itself, outside the prefix. Every page is what one range read returns. Counted.
     */
    @Test
    void everyFirstPageIsOneRangeReadWhateverTheHint() {
        Random random = new Random(22);
        int pages = 0;
        for (int round = 0; round < 2_000; round++) {
            List<byte[]> keys = new ArrayList<>();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                byte[] tail = new byte[1 + random.nextInt(4)];
                for (int b = 0; b < tail.length; b++) {
                    tail[b] = (byte) (random.nextInt(4) == 0 ? (random.nextBoolean() ? 0 : 0xff) : '0' + random.nextInt(10));
                }
                keys.add(key(tail));
            }
            keys.add("/hybridstore/objects/obi".getBytes(StandardCharsets.UTF_8)); // before the prefix
            keys.add("/hybridstore/objects/obk".getBytes(StandardCharsets.UTF_8)); // after it
            SortedKeys sorted = new SortedKeys(keys);
            StoredHints stored = new StoredHints();
            byte[][] hints = {
                    n > 0 ? keys.get(random.nextInt(n)) : key("5"),
                    key(new byte[] {(byte) ('0' + random.nextInt(10)), (byte) random.nextInt(256)}),
                    key(new byte[] {0}), key(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}),
                    PREFIX, "/hybridstore/objects/obk".getBytes(StandardCharsets.UTF_8), "/x".getBytes(StandardCharsets.UTF_8)};
            for (byte[] hint : hints) {
                stored.hints.put(new String(PREFIX, StandardCharsets.ISO_8859_1), hint);
                int limit = 1 + random.nextInt(70);
                Counting etcd = new Counting(sorted);
                RangeStarts gateway = new RangeStarts(stored);
                assertEquals(sorted.expected(PREFIX, END, limit), etcd.firstPage(gateway, limit),
                        "hint " + Arrays.toString(hint) + ", limit " + limit);
                assertEquals(sorted.expected(PREFIX, END, limit), etcd.firstPage(gateway, limit), "remembered");
                pages += 2;
            }
        }
        assertEquals(28_000, pages);
    }

    private static byte[] key(String tail) {
        return key(tail.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] key(byte[] tail) {
        byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + tail.length);
        System.arraycopy(tail, 0, key, PREFIX.length, tail.length);
        return key;
    }
}
