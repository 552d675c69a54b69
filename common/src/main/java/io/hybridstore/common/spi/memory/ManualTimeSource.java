package io.hybridstore.common.spi.memory;

import io.hybridstore.common.spi.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when a test calls {@link #advance}: the nanosecond counter and the wall clock
 * move together. A {@link #poll} whose deadline has not come keeps waiting however long the real
 * wait takes, so a test decides exactly which answers come before a deadline and which after.
 * Code that takes a plain {@link Clock} (the healer's decisions) gets {@link #clock()}, which a test
 * can move too: the one fake time of the tests.
 */
public final class ManualTimeSource implements TimeSource {

    /** How often a waiting poll looks at the manual time again (real time; never part of a decision). */
    private static final long RECHECK_MILLIS = 1;

    private final AtomicLong nanos = new AtomicLong();
    private final long startMillis;
    private final ManualClock clock = new ManualClock();

    /** Starts at {@code startMillis} on the wall clock and at 0 on the nanosecond counter. */
    public ManualTimeSource(long startMillis) {
        this.startMillis = startMillis;
    }

    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public <T> T poll(BlockingQueue<T> queue, long deadlineNanos) throws InterruptedException {
        while (true) {
            T head = queue.poll(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            if (head != null || nanos.get() >= deadlineNanos) {
                return head;
            }
        }
    }

    /** The wall clock of this time source, in UTC; moving it moves the nanosecond counter too. */
    public final class ManualClock extends Clock {

        private ManualClock() {
        }

        /** Same as {@link ManualTimeSource#advance}. */
        public void advance(Duration d) {
            ManualTimeSource.this.advance(d);
        }

        @Override
        public long millis() {
            return startMillis + nanos.get() / 1_000_000;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
