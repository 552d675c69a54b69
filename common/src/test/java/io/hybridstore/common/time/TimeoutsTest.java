package io.hybridstore.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The bounds of the hot paths' waits: an answered call leaves no timer entry behind (the point of the
 * class), a call that does not answer fails when its time is up, and failures pass as they came. The
 * bounds here are either far in the future (never reached) or a few milliseconds (reached by waiting
 * for them, not by sleeping).
 */
class TimeoutsTest {

    private final Timeouts timeouts = new Timeouts();

    @Test
    void anAnsweredCallCompletesTheBoundAndLeavesNoTimerEntry() throws Exception {
        int calls = 1_000;
        for (int i = 0; i < calls; i++) {
            CompletableFuture<Integer> call = new CompletableFuture<>();
            CompletableFuture<Integer> bounded = timeouts.within(call, 1, TimeUnit.HOURS, TimeoutException::new);
            assertEquals(1, timeouts.pending());
            call.complete(i);
            assertEquals(i, bounded.get());
            assertEquals(0, timeouts.pending(), "call " + i + "'s bound removed once it answered");
        }
    }

    @Test
    void aCallThatDoesNotAnswerFailsWithTheGivenExceptionOnceItsTimeIsUp() {
        CompletableFuture<String> silent = new CompletableFuture<>();
        IllegalStateException late = new IllegalStateException("no answer");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> timeouts.within(silent, 5, TimeUnit.MILLISECONDS, () -> late).get(10, TimeUnit.SECONDS));
        assertSame(late, e.getCause());
        assertTrue(!silent.isDone(), "the call itself is left as it is");
        assertEquals(0, timeouts.pending());
    }

    @Test
    void aFailurePassesUnwrappedAndACancelReachesTheCall() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> bounded = timeouts.within(call, 1, TimeUnit.HOURS, TimeoutException::new);
        IllegalArgumentException refused = new IllegalArgumentException("refused");
        call.completeExceptionally(new CompletionException(refused));
        assertSame(refused, assertThrows(ExecutionException.class, bounded::get).getCause());

        CompletableFuture<String> other = new CompletableFuture<>();
        timeouts.within(other, 1, TimeUnit.HOURS, TimeoutException::new).cancel(true);
        assertTrue(other.isCancelled());
        assertEquals(0, timeouts.pending());
    }

    @Test
    void awaitAnswersAsGetWouldAndThrowsTimeoutExceptionWhenTimeIsUp() throws Exception {
        assertEquals("now", timeouts.await(CompletableFuture.completedFuture("now"), 1, TimeUnit.MILLISECONDS));

        CompletableFuture<String> later = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> later.complete("later"));
        assertEquals("later", timeouts.await(later, 1, TimeUnit.HOURS));
        assertEquals(0, timeouts.pending());

        CompletableFuture<String> failing = new CompletableFuture<>();
        failing.completeExceptionally(new IllegalStateException("broken"));
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class,
                () -> timeouts.await(failing, 1, TimeUnit.HOURS)).getCause());

        CompletableFuture<String> failingLater = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> failingLater.completeExceptionally(new IllegalStateException("broken later")));
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class,
                () -> timeouts.await(failingLater, 1, TimeUnit.HOURS)).getCause());

        CompletableFuture<String> cancelled = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> cancelled.cancel(true));
        assertThrows(CancellationException.class, () -> timeouts.await(cancelled, 1, TimeUnit.HOURS));

        CompletableFuture<String> silent = new CompletableFuture<>();
        TimeoutException first = assertThrows(TimeoutException.class, () -> timeouts.await(silent, 5, TimeUnit.MILLISECONDS));
        assertTrue(!silent.isDone(), "left as it is: the caller decides whether to cancel it");
        assertEquals(0, timeouts.pending());
        assertEquals("no answer within 5 ms", first.getMessage());
    }

    @Test
    void eachWaitThatRunsOutThrowsItsOwnTimeoutMadeOnTheWaitingThread() {
        CompletableFuture<String> silent = new CompletableFuture<>();
        TimeoutException first = assertThrows(TimeoutException.class, () -> timeouts.await(silent, 1, TimeUnit.MILLISECONDS));
        TimeoutException second = assertThrows(TimeoutException.class, () -> timeouts.await(silent, 1, TimeUnit.MILLISECONDS));
        assertNotSame(first, second, "each wait that ran out has its own exception");
        assertTrue(java.util.Arrays.stream(first.getStackTrace())
                        .anyMatch(frame -> frame.getMethodName().equals("eachWaitThatRunsOutThrowsItsOwnTimeoutMadeOnTheWaitingThread")),
                "its stack trace is the waiting thread's, not the timer's");
        assertEquals(0, first.getSuppressed().length);
    }
}
