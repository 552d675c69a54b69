package io.hybridstore.common.time;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Bounds on the waits of the hot paths, kept on one timer thread of the process: a future bounded
 * here completes as it would, or fails once its time is up; a thread waiting for it parks without a
 * timeout of its own.
 *
 * <p>Why not {@link CompletableFuture#orTimeout} or a timed {@code get}: since JDK 25 (JDK-8319447)
 * both put a delayed task into a {@link java.util.concurrent.ForkJoinPool}'s delay scheduler (the
 * common pool's, or the virtual threads' scheduler's for a virtual thread's timed park), and every such
 * task and its cancellation when the answer comes first wakes that scheduler's thread: on the gateway
 * that was a futex wake, a wait and two context switches for each bounded call, several per request
 * (docs/benchmarks.md, session 37). A {@link ScheduledThreadPoolExecutor} that removes cancelled tasks
 * wakes its thread only for a task that becomes the earliest, which, for bounds of seconds on calls
 * that answer in milliseconds, is almost never; its cost per bounded call is two short critical
 * sections. Written here because no library at hand offers a timer with that property for a
 * {@code CompletableFuture}; Netty's {@code HashedWheelTimer} would, but the core stays free of it.
 */
public final class Timeouts {

    private static final Timeouts SHARED = new Timeouts();

    /**
     * What {@link #await}'s bound fails with when the time is up; never leaves this class. Why one
     * shared marker rather than the {@link TimeoutException} itself: await made that exception before
     * every wait, and filling in its stack trace was 1-2 % of the gateway's CPU samples in lone
     * writes and reads (three awaits a write, one a read; docs/benchmarks.md, session 41).
     */
    private static final Exception LATE = new Exception("time is up", null, false, false) {
    };

    private final ScheduledThreadPoolExecutor timer;

    /** A timer of its own (tests); the process shares {@link #shared()}. */
    public Timeouts() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hybridstore-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // the point of this class: a bound whose call answered leaves nothing behind
    }

    /** The process's one timer thread. */
    public static Timeouts shared() {
        return SHARED;
    }

    /**
     * A future that completes as {@code future} does (its failure passed on unwrapped), or fails with
     * {@code onTimeout}'s exception once {@code timeout} has passed first. Cancelling the returned
     * future cancels {@code future}.
     */
    public <T> CompletableFuture<T> within(CompletableFuture<T> future, long timeout, TimeUnit unit, Supplier<? extends Throwable> onTimeout) {
        if (future.isDone()) {
            return future;
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            bounded.completeExceptionally(onTimeout.get());
        }, timeout, unit);
        future.whenComplete((value, failure) -> {
            alarm.cancel(false);
            if (failure == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            }
        });
        bounded.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                future.cancel(true);
            }
        });
        return bounded;
    }

    /**
     * Waits for {@code future} at most {@code timeout}, as {@link CompletableFuture#get(long, TimeUnit)}
     * does (the same exceptions), parking without a timeout: the future's answer or this timer wakes the
     * thread. The future is left as it is when the time is up (the caller decides whether to cancel it).
     */
    public <T> T await(CompletableFuture<T> future, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (future.isDone()) {
            return future.get();
        }
        CompletableFuture<T> bounded = within(future, timeout, unit, () -> LATE);
        try {
            return bounded.get(); // a cancelled future's CancellationException passes as get's would
        } catch (ExecutionException e) {
            if (e.getCause() == LATE) {
                // Made here, only now: on the waiting thread, so its stack trace says who waited.
                throw new TimeoutException("no answer within " + unit.toMillis(timeout) + " ms");
            }
            throw e; // the future's own failure as the cause, unwrapped by within
        }
    }

    /**
     * Runs {@code alarm} once {@code delay} has passed, unless the returned future is cancelled first
     * (which leaves nothing behind).
     */
    public ScheduledFuture<?> schedule(Runnable alarm, long delay, TimeUnit unit) {
        return timer.schedule(alarm, delay, unit);
    }

    /** Bounds not yet answered nor run out (tests: an answered call leaves none behind). */
    public int pending() {
        return timer.getQueue().size();
    }
}
