package io.hybridstore.common.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The windowed waits on a fake clock: what a closed window says, and how close its quantiles are. */
class QueueWaitsTest {

    private static final long MS = 1_000_000;

    @Test
    void everyValueFallsInABucketWhoseUpperBoundIsWithinAQuarterAboveIt() {
        int checked = 0;
        for (long v = 0; v < 1L << 39; v = v < 64 ? v + 1 : v + v / 7 + 1) {
            long upper = QueueWaits.upper(QueueWaits.bucket(v));
            assertTrue(upper >= v && upper <= v + v / 4 + 1, v + " read as " + upper);
            checked++;
        }
        assertTrue(checked > 200, "values checked: " + checked);
    }

    @Test
    void aWindowSaysNothingUntilItEndsThenItsItemsBatchesAndQuantiles() {
        AtomicLong now = new AtomicLong(5 * MS);
        QueueWaits waits = new QueueWaits("batch PUT", now::get, 10_000 * MS);
        // 100 items of waits 1..100 ms in 10 batches, each batch sent in 4 ms.
        for (int b = 0; b < 10; b++) {
            long[] items = new long[10];
            for (int i = 0; i < 10; i++) {
                items[i] = (b * 10 + i + 1) * MS;
            }
            assertNull(waits.batch(items, 4 * MS), "the window is open");
            now.addAndGet(MS);
        }
        now.set(5 * MS + 10_000 * MS);
        String line = waits.batch(new long[] {0}, 20 * MS);

        assertNotNull(line);
        assertTrue(line.startsWith("queue batch PUT over 10.0 s: 101 items in 11 batches (9.2 a batch);"), line);
        double p50 = figure(line, "item wait p50 ");
        double p99 = figure(line, "item wait p50 " + fmt(p50) + " p99 ");
        assertTrue(p50 >= 50 && p50 <= 50 * 1.25, "p50 of 0..100 ms: " + p50);
        assertTrue(p99 >= 99 && p99 <= 99 * 1.25, "p99 of 0..100 ms: " + p99);
        assertTrue(line.contains("max 100.00 ms;"), line);
        assertTrue(line.endsWith("max 20.00 ms"), "the longest batch: " + line);
    }

    @Test
    void theNextWindowCountsOnlyItsOwnBatches() {
        AtomicLong now = new AtomicLong();
        QueueWaits waits = new QueueWaits("etcd commit", now::get, 10 * MS);
        waits.batch(new long[] {MS, MS, MS}, MS);
        now.set(10 * MS);
        assertNotNull(waits.batch(new long[] {MS}, MS));
        now.set(15 * MS);
        assertNull(waits.batch(new long[] {2 * MS, 2 * MS}, 3 * MS));
        now.set(20 * MS);
        String line = waits.batch(new long[] {2 * MS}, 3 * MS);
        assertTrue(line.startsWith("queue etcd commit over 0.0 s: 3 items in 2 batches (1.5 a batch); item wait p50 2."), line);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** The number right after {@code label} in {@code line}. */
    private static double figure(String line, String label) {
        int at = line.indexOf(label);
        assertTrue(at >= 0, label + " in " + line);
        String rest = line.substring(at + label.length());
        return Double.parseDouble(rest.substring(0, rest.indexOf(' ')));
    }

    @Test
    void anEmptyWindowReadsZero() {
        assertEquals(0, QueueWaits.quantile(new long[152], 0, 0.99));
    }
}
