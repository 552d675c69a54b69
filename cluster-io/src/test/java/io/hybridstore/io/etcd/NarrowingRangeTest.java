package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NarrowingRangeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void levelsEndWhereKeysSharingFewerBytesEnd() {
        assertArrayEquals(b("p/0124"), NarrowingRange.end(b("p/01234"), 6, b("p0")));
        assertArrayEquals(b("p/013"), NarrowingRange.end(b("p/01234"), 5, b("p0")));
        assertArrayEquals(b("p0"), NarrowingRange.end(b("p/01234"), 2, b("p0")), "never past the range's end");
        assertArrayEquals(new byte[] {1}, NarrowingRange.bytePrefixEnd(new byte[] {0, (byte) 0xff}));
        assertArrayEquals(new byte[0], NarrowingRange.bytePrefixEnd(new byte[] {(byte) 0xff}));
    }

    @Test
    void readsWhatOneRangeWouldReadAndNoMore() {
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 0; i < 5000; i++) {
            keys.add(String.format("p/%05d", i * 7));
        }
        keys.add("q/other");
        List<Integer> walked = new ArrayList<>();
        NarrowingRange.Reader<String> reader = (from, end, n) -> {
            List<String> inRange = keys.stream().filter(k -> Arrays.compareUnsigned(b(k), from) >= 0
                    && (end.length == 0 || Arrays.compareUnsigned(b(k), end) < 0)).toList();
            walked.add(inRange.size()); // what etcd's index walk costs: the whole sub-range
            return inRange.stream().limit(n).toList();
        };
        int checked = 0;
        for (String from : List.of("p/00000", "p/01234", "p/3", "p/34990", "p/99999")) {
            walked.clear();
            List<String> page = NarrowingRange.read(b(from), 2, b("p0"), 100, reader, NarrowingRangeTest::b);
            List<String> expected = keys.tailSet(from, true).stream().filter(k -> k.startsWith("p/")).limit(100).toList();
            assertEquals(expected, page, from);
            int cost = walked.stream().mapToInt(Integer::intValue).sum();
            assertEquals(true, cost <= 20 * 100, from + " walked " + cost + " keys in " + walked.size() + " reads for a page of 100");
            checked++;
        }
        assertEquals(5, checked);
        walked.clear();
        byte[] afterKey = b("p/01232\0"); // strictly after p/01232 (a key)
        List<String> page = NarrowingRange.read(afterKey, 2, b("p0"), 100, reader, NarrowingRangeTest::b);
        assertEquals(keys.tailSet("p/01232", false).stream().limit(100).toList(), page);
        // [p/01232 NUL, p/0124): its descendants and siblings at once (one key: p/01239); then aimed by
        // that one key's density: MIN_AIM keys (65 spanned), then the 34 still needed with a margin (43).
        assertEquals(List.of(1, 65, 43), walked, "the descendants of the key after which the read starts are read with its siblings");
    }

    /**
     * Any keys (bytes 0x00 and 0xff among them, any lengths, keys that are prefixes of others, empty
     * blocks), any start (a key, strictly after a key, between keys, past every key), any range end
     * (a prefix's end, a key inside, the end of the keyspace) and any limit: a page is exactly what one
     * range read would return, and its sub-ranges follow each other from the start without a gap.
     */
    @Test
    void anyKeysAnyStartAnyEnd_aPageIsWhatOneRangeReadReturns() {
        java.util.Random random = new java.util.Random(2026);
        byte[][] alphabets = {{0, 1, (byte) 0xfe, (byte) 0xff}, "0123456789".getBytes(StandardCharsets.US_ASCII), null};
        int pages = 0;
        int reads = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            byte[] alphabet = alphabets[trial % 3];
            byte[] prefix = new byte[random.nextInt(3)];
            for (int i = 0; i < prefix.length; i++) {
                prefix[i] = trial % 5 == 0 ? (byte) 0xff : (byte) ('a' + i);
            }
            List<byte[]> keys = new ArrayList<>();
            java.util.Set<String> distinct = new java.util.HashSet<>();
            int count = 1 + random.nextInt(trial % 7 == 0 ? 2_000 : 200);
            for (int i = 0; i < count; i++) {
                byte[] key = Arrays.copyOf(prefix, prefix.length + 1 + random.nextInt(6));
                for (int j = prefix.length; j < key.length; j++) {
                    key[j] = alphabet == null ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                }
                if (distinct.add(java.util.HexFormat.of().formatHex(key))) {
                    keys.add(key);
                }
            }
            SortedKeys stored = new SortedKeys(keys);
            byte[] end = switch (random.nextInt(3)) {
                case 0 -> NarrowingRange.bytePrefixEnd(prefix); // may be empty: the end of the keyspace
                case 1 -> stored.get(random.nextInt(stored.size()));
                default -> new byte[0];
            };
            if (end.length == 0 && prefix.length > 0 && prefix[0] != (byte) 0xff) {
                end = NarrowingRange.bytePrefixEnd(prefix);
            }
            byte[] cursor = stored.get(random.nextInt(stored.size()));
            byte[] from = switch (random.nextInt(4)) {
                case 0 -> cursor;
                case 1 -> Arrays.copyOf(cursor, cursor.length + 1); // strictly after it
                case 2 -> {
                    byte[] between = Arrays.copyOf(prefix, prefix.length + random.nextInt(5));
                    for (int j = prefix.length; j < between.length; j++) {
                        between[j] = (byte) random.nextInt(256);
                    }
                    yield between;
                }
                default -> NarrowingRange.bytePrefixEnd(cursor).length == 0 ? cursor : NarrowingRange.bytePrefixEnd(cursor);
            };
            int limit = 1 + random.nextInt(trial % 2 == 0 ? 20 : 700);
            List<byte[][]> subRanges = new ArrayList<>();
            NarrowingRange.Reader<byte[]> reader = (start, subEnd, n) -> {
                subRanges.add(new byte[][] {start, subEnd});
                return stored.read(start, subEnd, n);
            };
            List<byte[]> page = NarrowingRange.read(from, prefix.length, end, limit, reader, k -> k);
            assertEquals(stored.expected(from, end, limit), page, "trial " + trial);
            for (int i = 0; i < subRanges.size(); i++) {
                byte[] start = subRanges.get(i)[0];
                byte[] subEnd = subRanges.get(i)[1];
                assertArrayEquals(i == 0 ? from : subRanges.get(i - 1)[1], start, "trial " + trial + ": sub-ranges follow each other");
                assertEquals(true, subEnd.length == 0 || Arrays.compareUnsigned(start, subEnd) < 0, "trial " + trial + ": a sub-range is not empty");
                assertEquals(true, end.length == 0 || subEnd.length != 0 && Arrays.compareUnsigned(subEnd, end) <= 0,
                        "trial " + trial + ": never past the range's end");
            }
            stored.drain();
            pages++;
            reads += subRanges.size();
        }
        assertEquals(3_000, pages);
        assertEquals(true, reads >= pages, reads + " reads");
    }
}
