package io.hybridstore.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A virtual thread per task, counting the tasks that finished: a test knows a node call's answer
 * has been handed over (not merely that the node stored the bytes) before it moves time on, and
 * that background work (the stragglers' bookkeeping) is over before it looks at the result.
 */
public final class CountingExecutor extends AbstractExecutorService {

    /** Bounds the test's waits for tasks that must finish (never part of what is checked). */
    private static final long PATIENCE_MILLIS = 30_000;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private long running;
    private long finishedSinceIdle;

    /** Waits until every task submitted so far has finished, then counts finished tasks from zero again. */
    public synchronized void awaitIdle() throws InterruptedException {
        waitFor(() -> running == 0, "tasks still running: " + running);
        finishedSinceIdle = 0;
    }

    /** Waits until {@code n} tasks have finished since the last {@link #awaitIdle}. */
    public synchronized void awaitFinished(int n) throws InterruptedException {
        waitFor(() -> finishedSinceIdle >= n, n + " tasks never finished");
    }

    private void waitFor(java.util.function.BooleanSupplier condition, String failure) throws InterruptedException {
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!condition.getAsBoolean()) {
            long left = until - System.currentTimeMillis();
            assertTrue(left > 0, failure);
            wait(left);
        }
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            running++;
        }
        try {
            threads.execute(() -> {
                try {
                    task.run();
                } finally {
                    finished(1);
                }
            });
        } catch (RuntimeException rejected) {
            finished(0);
            throw rejected;
        }
    }

    private synchronized void finished(int count) {
        running--;
        finishedSinceIdle += count;
        notifyAll();
    }

    @Override
    public void shutdown() {
        threads.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return threads.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return threads.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return threads.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
    }
}
