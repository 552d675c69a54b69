package io.hybridstore.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexKeysTest {

    @Test
    void sortableLongKnownAnswers() {
        assertEquals("0000000000000000", IndexKeys.sortableLong(Long.MIN_VALUE));
        assertEquals("7fffffffffffffff", IndexKeys.sortableLong(-1));
        assertEquals("8000000000000000", IndexKeys.sortableLong(0));
        assertEquals("8000000000000001", IndexKeys.sortableLong(1));
        assertEquals("80000000000003e8", IndexKeys.sortableLong(1000));
        assertEquals("ffffffffffffffff", IndexKeys.sortableLong(Long.MAX_VALUE));
    }

    @Test
    void sortableDoubleKnownAnswers() {
        assertEquals("8000000000000000", IndexKeys.sortableDouble(0.0));
        assertEquals("8000000000000000", IndexKeys.sortableDouble(-0.0), "one encoding for zero");
        assertEquals("bff0000000000000", IndexKeys.sortableDouble(1.0));
        assertEquals("c004000000000000", IndexKeys.sortableDouble(2.5));
        assertEquals("400fffffffffffff", IndexKeys.sortableDouble(-1.0));
        assertEquals("000fffffffffffff", IndexKeys.sortableDouble(Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> IndexKeys.sortableDouble(Double.NaN));
        assertEquals(null, IndexKeys.sortableNumber(new BigDecimal("1e400")), "beyond a double: not indexed as a number");
    }

    @Test
    void encodedOrderIsNumericOrder() {
        Random random = new Random(15);
        List<Long> longs = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
        List<Double> doubles = new ArrayList<>(List.of(-Double.MAX_VALUE, -1.5, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1e-300, 3.0, 1e300));
        for (int i = 0; i < 2000; i++) {
            longs.add(random.nextLong());
            doubles.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
        }
        int pairs = 0;
        for (int i = 1; i < longs.size(); i++) {
            long a = longs.get(i - 1);
            long b = longs.get(i);
            assertEquals(Integer.signum(Long.compare(a, b)),
                    Integer.signum(IndexKeys.sortableLong(a).compareTo(IndexKeys.sortableLong(b))), a + " vs " + b);
            double x = doubles.get(i - 1);
            double y = doubles.get(i);
            assertEquals(Integer.signum(Double.compare(x, y)),
                    Integer.signum(IndexKeys.sortableDouble(x).compareTo(IndexKeys.sortableDouble(y))), x + " vs " + y);
            pairs++;
        }
        assertEquals(longs.size() - 1, pairs);
    }

    @Test
    void aValueSegmentNeverContainsASlashSoItsPrefixIsItsOwn() {
        assertEquals("tag/a%2Fb/", IndexKeys.valuePrefix(IndexKeys.TAG, "a/b"));
        assertEquals("tag/100%25/", IndexKeys.valuePrefix(IndexKeys.TAG, "100%"));
        assertEquals("tag/a%252Fb/", IndexKeys.valuePrefix(IndexKeys.TAG, "a%2Fb"), "an escape in the value is escaped again");
        assertEquals("field/owner/ada/", IndexKeys.fieldPrefix("owner", "ada"));
        assertTrue(!(IndexKeys.valuePrefix(IndexKeys.TAG, "a") + "x").startsWith(IndexKeys.valuePrefix(IndexKeys.TAG, "a/b")));
    }

    @Test
    void theObjectKeyIsWhatFollowsTheFamilysSegments() {
        assertEquals("photos/2024/a.jpg", IndexKeys.objectKeyOf("tag/red/photos/2024/a.jpg"));
        assertEquals("k", IndexKeys.objectKeyOf("size/8000000000000001/k"));
        assertEquals("dir/k", IndexKeys.objectKeyOf("field/owner/ada/dir/k"));
        assertEquals("dir/k", IndexKeys.objectKeyOf("num/score/bff0000000000000/dir/k"));
        assertThrows(IllegalArgumentException.class, () -> IndexKeys.objectKeyOf("tag"));
    }
}
