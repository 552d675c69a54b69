package io.hybridstore.common.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    void pollWithAWakeReturnsWhatIsQueuedOrNullAtTheDeadline() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        queue.add("ready");
        assertEquals("ready", time.poll(queue, time.nanoTime() - 1, WAKE), "an answer in hand counts even past the deadline");

        long start = System.nanoTime();
        assertNull(time.poll(queue, start + TimeUnit.MILLISECONDS.toNanos(5), WAKE));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(5), "not before the deadline");
        assertTrue(queue.isEmpty(), "the timer's wake was taken, not left behind");

        Thread.ofVirtual().start(() -> queue.add("later"));
        assertEquals("later", time.poll(queue, time.nanoTime() + TimeUnit.HOURS.toNanos(1), WAKE));
    }

    /** A wake left over from an earlier poll reads as an early null: the caller looks at the time again. */
    @Test
    void aLeftoverWakeIsAnEarlyNullNeverAnAnswer() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        queue.add(WAKE);
        queue.add("answer");
        assertNull(time.poll(queue, time.nanoTime() + TimeUnit.HOURS.toNanos(1), WAKE));
        assertEquals("answer", time.poll(queue, time.nanoTime() + TimeUnit.HOURS.toNanos(1), WAKE));
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
