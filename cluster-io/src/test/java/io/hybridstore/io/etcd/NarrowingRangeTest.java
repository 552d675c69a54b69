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
        // [p/01232 NUL, p/0124): its descendants and siblings at once, then [p/0124, p/013), then [p/013, p/02).
        assertEquals(List.of(1, 8, 100), walked, "the descendants of the key after which the read starts are read with its siblings");
    }
}
