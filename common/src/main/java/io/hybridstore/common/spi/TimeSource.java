package io.hybridstore.common.spi;

import io.hybridstore.common.time.Timeouts;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one source of time of a component: a monotonic nanosecond counter for deadlines, hedge delays
 * and latencies, a wall clock for the timestamps records carry, and the one way code waits for an
 * answer until a deadline. Decisions take the time as an argument (see {@code common.tracker});
 * only the code that waits reads it here, so a test that swaps in
 * {@link io.hybridstore.common.spi.memory.ManualTimeSource} moves time by hand and sleeps nowhere.
 */
public interface TimeSource {

    /** The real time: {@link System#nanoTime()}, the system UTC clock, a timed queue poll. */
    TimeSource SYSTEM = new TimeSource() {
        private final Clock clock = Clock.systemUTC();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public <T> T poll(BlockingQueue<T> queue, long deadlineNanos) throws InterruptedException {
            return queue.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        /**
         * Parks without a timeout of its own, woken by an answer or by {@code wake}, queued by the shared
         * timer ({@link Timeouts}: why). One alarm per deadline, kept while the caller polls again for
         * the same one: an alarm scheduled as the timer's earliest wakes its thread, and scheduling and
         * cancelling one per poll woke it 3.5 times a lone read (docs/benchmarks.md, session 38).
         */
        @Override
        public <T> Poller<T> poller(BlockingQueue<T> queue, T wake) {
            return new Poller<>() {
                private ScheduledFuture<?> alarm;
                private long alarmAt;

                @Override
                public T poll(long deadlineNanos) throws InterruptedException {
                    T head = queue.poll();
                    if (head != null) {
                        return head == wake ? null : head;
                    }
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    if (alarm == null || alarmAt != deadlineNanos) {
                        close();
                        alarm = Timeouts.shared().schedule(() -> queue.offer(wake), left, TimeUnit.NANOSECONDS);
                        alarmAt = deadlineNanos;
                    }
                    T answer = queue.take();
                    return answer == wake ? null : answer;
                }

                @Override
                public void close() {
                    if (alarm != null) {
                        alarm.cancel(false);
                        alarm = null;
                    }
                }
            };
        }

        /** Parks without a timeout of its own, woken by {@code done} or the shared timer ({@link Timeouts}: why). */
        @Override
        public boolean await(CompletableFuture<?> done, long deadlineNanos) throws InterruptedException {
            long left = deadlineNanos - System.nanoTime();
            if (done.isDone()) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            try {
                Timeouts.shared().await(done, left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException | CancellationException e) {
                return true; // done, if not well: the caller looks at it
            }
            return true;
        }
    };

    /** Monotonic nanoseconds (as {@link System#nanoTime()}): only differences mean anything. */
    long nanoTime();

    /** Wall time, for timestamps stored in records; moves with {@link #nanoTime()}. */
    Clock clock();

    /**
     * The head of {@code queue}, waiting until {@code deadlineNanos} (on {@link #nanoTime()}) at most;
     * null if it is still empty then. An element already queued is returned even past the deadline:
     * an answer in hand is never counted as late.
     */
    <T> T poll(BlockingQueue<T> queue, long deadlineNanos) throws InterruptedException;

    /**
     * Repeated polls of a queue that only its caller takes from, each as {@link #poll(BlockingQueue, long)}:
     * the real time source parks without a timeout of its own and has its timer put {@code wake} into
     * the queue at the deadline, one alarm per deadline for as long as the poller is open. So a poll may
     * also return null before its deadline, when a {@code wake} of an earlier alarm was left in the
     * queue: the caller looks at the time again (as after any null) and polls again. By default the
     * plain poll.
     */
    default <T> Poller<T> poller(BlockingQueue<T> queue, T wake) {
        return new Poller<>() {
            @Override
            public T poll(long deadlineNanos) throws InterruptedException {
                T head = TimeSource.this.poll(queue, deadlineNanos);
                return head == wake ? null : head;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The waits of one loop on one queue ({@link #poller}); closing it drops what it has scheduled. */
    interface Poller<T> extends AutoCloseable {

        /** The head of the queue, waiting until {@code deadlineNanos} at most; null at the deadline, or early (see {@link #poller}). */
        T poll(long deadlineNanos) throws InterruptedException;

        @Override
        void close();
    }

    /**
     * Waits until {@code done} completes (true), or until {@code deadlineNanos} at most (false if it has
     * not completed then). By default through {@link #poll}, so a time source that defines only that
     * waits the same way.
     */
    default boolean await(CompletableFuture<?> done, long deadlineNanos) throws InterruptedException {
        if (done.isDone()) {
            return true;
        }
        BlockingQueue<Boolean> completed = new ArrayBlockingQueue<>(1);
        done.whenComplete((value, failure) -> completed.offer(Boolean.TRUE));
        return poll(completed, deadlineNanos) != null;
    }
}
