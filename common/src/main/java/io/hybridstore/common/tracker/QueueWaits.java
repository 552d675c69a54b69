package io.hybridstore.common.tracker;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where the time of a coalesced request goes: how long each item waited in its queue before its
 * batch left, and how long each batch took from its send to its answer, with the batches' sizes,
 * summed over a window and said as one line when the window ends. Why: at 32 clients a write spends
 * most of its time in the coalescers' queues (docs/benchmarks.md, session 28), and the Server-Timing
 * parts cannot split a part into its wait and its request.
 *
 * <p>Pure: given the time ({@code nanoClock}); {@link #batch} answers the closed window's line, which
 * the caller logs. Thread-safe (the coalescers' senders record concurrently); one lock per batch,
 * not per item.
 */
public final class QueueWaits {

    /** The window of the apps' coalescers: one line per 10 s while items flow. */
    public static final long WINDOW_NANOS = 10_000_000_000L;
    /** Sub-buckets per power of two: a quantile is read to within a fifth of its value. */
    private static final int SUB = 4;
    /** Powers of two of nanoseconds: up to about 9 minutes (longer waits read as that). */
    private static final int POWERS = 38;

    private final String name;
    private final LongSupplier nanoClock;
    private final long windowNanos;
    private long windowStart;
    private long batches;
    private long items;
    private final long[] waits = new long[POWERS * SUB];
    private final long[] sends = new long[POWERS * SUB];
    private long longestWait;
    private long longestSend;

    /** On the system's clock, over {@link #WINDOW_NANOS}. */
    public QueueWaits(String name) {
        this(name, System::nanoTime, WINDOW_NANOS);
    }

    /** @param name names the queue in the line, e.g. "batch PUT" */
    public QueueWaits(String name, LongSupplier nanoClock, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("the window must be positive: " + windowNanos);
        }
        this.name = name;
        this.nanoClock = nanoClock;
        this.windowNanos = windowNanos;
        this.windowStart = nanoClock.getAsLong();
    }

    /**
     * One batch answered (or failed): each item's wait from its queueing to the batch's send, and
     * the batch's time from its send to its answer. Returns the line of the window this batch closed
     * (the window it ends is the one it is counted in), or null while the window is open.
     */
    public String batch(long[] itemWaitNanos, long sendNanos) {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            batches++;
            items += itemWaitNanos.length;
            for (long wait : itemWaitNanos) {
                waits[bucket(wait)]++;
                longestWait = Math.max(longestWait, wait);
            }
            sends[bucket(sendNanos)]++;
            longestSend = Math.max(longestSend, sendNanos);
            if (now - windowStart < windowNanos) {
                return null;
            }
            String line = line(now - windowStart);
            windowStart = now;
            batches = 0;
            items = 0;
            java.util.Arrays.fill(waits, 0);
            java.util.Arrays.fill(sends, 0);
            longestWait = 0;
            longestSend = 0;
            return line;
        }
    }

    private String line(long spanNanos) {
        return String.format(Locale.ROOT, "queue %s over %.1f s: %d items in %d batches (%.1f a batch); item wait p50 %.2f p99 %.2f max %.2f ms;"
                        + " batch send to answer p50 %.2f p99 %.2f max %.2f ms",
                name, spanNanos / 1e9, items, batches, batches == 0 ? 0.0 : (double) items / batches,
                millis(quantile(waits, items, 0.50)), millis(quantile(waits, items, 0.99)), millis(longestWait),
                millis(quantile(sends, batches, 0.50)), millis(quantile(sends, batches, 0.99)), millis(longestSend));
    }

    /** The bucket of {@code nanos}: its power of two, then which quarter of it. */
    static int bucket(long nanos) {
        if (nanos < SUB) {
            return (int) Math.max(0, nanos);
        }
        int power = 63 - Long.numberOfLeadingZeros(nanos); // nanos in [2^power, 2^(power+1))
        int quarter = (int) ((nanos >>> (power - 2)) & (SUB - 1));
        return Math.min(POWERS * SUB - 1, (power - 1) * SUB + quarter);
    }

    /** The upper bound of {@code bucket}, in nanoseconds: what a quantile falling in it reads as. */
    static long upper(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int power = bucket / SUB + 1;
        int quarter = bucket % SUB;
        return (1L << power) + ((long) (quarter + 1) << (power - 2)) - 1;
    }

    /** The {@code q} quantile of {@code count} values in {@code buckets}, as its bucket's upper bound. */
    static long quantile(long[] buckets, long count, double q) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= rank) {
                return upper(b);
            }
        }
        return upper(buckets.length - 1);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
