package io.hybridstore.common.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.time.Timeouts;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The real time source's waits that park without a timeout of their own (the shared timer wakes them):
 * they answer as the timed waits they replace, an answer before the deadline included. Deadlines here are
 * far away (never reached) or a few milliseconds (reached by waiting for them).
 */
class SystemTimeSourceTest {

    private static final String WAKE = new String("wake");
    private final TimeSource time = TimeSource.SYSTEM;

    @Test
    void aPollerReturnsWhatIsQueuedOrNullAtTheDeadline() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        queue.add("ready");
        try (TimeSource.Poller<String> poller = time.poller(queue, WAKE)) {
            assertEquals("ready", poller.poll(time.nanoTime() - 1), "an answer in hand counts even past the deadline");

            long start = System.nanoTime();
            assertNull(poller.poll(start + TimeUnit.MILLISECONDS.toNanos(5)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(5), "not before the deadline");
            assertTrue(queue.isEmpty(), "the timer's wake was taken, not left behind");

            Thread.ofVirtual().start(() -> queue.add("later"));
            assertEquals("later", poller.poll(time.nanoTime() + TimeUnit.HOURS.toNanos(1)));
        }
    }

    /** A wake left over from an earlier alarm reads as an early null: the caller looks at the time again. */
    @Test
    void aLeftoverWakeIsAnEarlyNullNeverAnAnswer() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        queue.add(WAKE);
        queue.add("answer");
        try (TimeSource.Poller<String> poller = time.poller(queue, WAKE)) {
            assertNull(poller.poll(time.nanoTime() + TimeUnit.HOURS.toNanos(1)));
            assertEquals("answer", poller.poll(time.nanoTime() + TimeUnit.HOURS.toNanos(1)));
        }
    }

    /**
     * Polls for one deadline share one alarm (each alarm scheduled as the timer's earliest wakes its
     * thread); a new deadline replaces it, and closing the poller drops it. Each answer is queued only once
     * the poller parks ({@link ParkSignallingQueue}): an answer already queued is returned without an alarm.
     */
    @Test
    void pollsForOneDeadlineShareOneAlarmUntilTheDeadlineMovesOrThePollerCloses() throws Exception {
        Timeouts timer = Timeouts.shared();
        ParkSignallingQueue queue = new ParkSignallingQueue();
        int before = timer.pending();
        long deadline = time.nanoTime() + TimeUnit.HOURS.toNanos(1);
        try (TimeSource.Poller<String> poller = time.poller(queue, WAKE)) {
            for (int i = 0; i < 5; i++) {
                String answer = "answer " + i;
                queue.answerOnceParked(answer);
                assertEquals(answer, poller.poll(deadline));
                assertEquals(before + 1, timer.pending(), "one alarm after poll " + i);
            }
            queue.answerOnceParked("at a new deadline");
            assertEquals("at a new deadline", poller.poll(deadline + 1));
            assertEquals(before + 1, timer.pending(), "the alarm of the old deadline replaced, not added to");
            assertEquals(6, queue.parked.get(), "every poll parked, so every one went through the alarm");
        }
        assertEquals(before, timer.pending(), "closed: no alarm left");
    }

    /** A queue that tells when a taker parks on it, so a test can answer a poll that is surely waiting. */
    private static final class ParkSignallingQueue extends LinkedBlockingQueue<String> {
        private final Semaphore parks = new Semaphore(0);
        private final AtomicInteger parked = new AtomicInteger();

        @Override
        public String take() throws InterruptedException {
            parked.incrementAndGet();
            parks.release();
            return super.take();
        }

        void answerOnceParked(String answer) {
            Thread.ofVirtual().start(() -> {
                parks.acquireUninterruptibly();
                add(answer);
            });
        }
    }

    @Test
    void awaitIsTrueOnceDoneAndFalseAtTheDeadline() throws Exception {
        assertTrue(time.await(CompletableFuture.completedFuture(1), time.nanoTime() - 1));
        CompletableFuture<Integer> later = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> later.complete(2));
        assertTrue(time.await(later, time.nanoTime() + TimeUnit.HOURS.toNanos(1)));
        CompletableFuture<Integer> failed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> failed.completeExceptionally(new IllegalStateException("broken")));
        assertTrue(time.await(failed, time.nanoTime() + TimeUnit.HOURS.toNanos(1)), "done, if not well");
        assertFalse(time.await(new CompletableFuture<>(), time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5)));
    }
}
