package io.hybridstore.bench.small;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Closed-loop clients: each thread sends its next request as soon as the previous one answered,
 * and records it in the current window. Windows let the heal bench split one continuous load into
 * "before the kill", "until the lease expired" and "while healing" without pausing it.
 */
final class LoadRun {
    private final int clients;
    private final int windows;
    private final OpStats[][] stats;
    private final long[] windowStartNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Operation> operations = new ArrayList<>();
    private final CountDownLatch go = new CountDownLatch(1);
    private volatile int window;
    private volatile boolean running = true;
    private long stoppedNanos;

    private LoadRun(int clients, int windows) {
        this.clients = clients;
        this.windows = windows;
        this.stats = new OpStats[clients][windows];
        this.windowStartNanos = new long[windows];
        for (OpStats[] perClient : stats) {
            for (int w = 0; w < windows; w++) {
                perClient[w] = new OpStats();
            }
        }
    }

    /** Starts {@code clients} threads, each with the operation {@code factory} makes for its index. */
    static LoadRun start(String name, int clients, int windows, IntFunction<Operation> factory) {
        LoadRun run = new LoadRun(clients, windows);
        for (int c = 0; c < clients; c++) {
            Operation op = factory.apply(c);
            run.operations.add(op);
            OpStats[] mine = run.stats[c];
            // Daemons: a bench that fails must not be kept alive by its clients.
            run.threads.add(Thread.ofPlatform().name(name + "-" + c).daemon().start(() -> run.loop(op, mine)));
        }
        run.windowStartNanos[0] = System.nanoTime();
        run.go.countDown();
        return run;
    }

    /** A fixed-length phase: start, run for {@code length}, stop; the one window's figures. */
    static Result timed(String name, int clients, Duration length, IntFunction<Operation> factory) throws InterruptedException {
        LoadRun run = start(name, clients, 1, factory);
        Thread.sleep(length);
        return run.stop().get(0);
    }

    private void loop(Operation op, OpStats[] mine) {
        try {
            go.await();
        } catch (InterruptedException e) {
            return;
        }
        while (running) {
            OpStats into = mine[window];
            long start = System.nanoTime();
            Operation.Outcome outcome;
            try {
                outcome = op.perform();
            } catch (Exception e) {
                outcome = Operation.Outcome.failed(e.getClass().getSimpleName());
            }
            long took = System.nanoTime() - start;
            if (outcome.failure() == null) {
                into.success(took, outcome.kind());
                into.serverTiming(outcome.serverTiming(), took);
            } else {
                into.failure(outcome.failure());
            }
        }
    }

    /** From now on, requests that start are recorded in window {@code next} (windows only move forward). */
    void window(int next) {
        if (next <= window || next >= windows) {
            throw new IllegalArgumentException("window " + next + " after " + window + " of " + windows);
        }
        windowStartNanos[next] = System.nanoTime();
        window = next;
    }

    /**
     * Stops the clients, waits for their last requests (each bounded by its timeout), closes their
     * connections, merges each window.
     */
    List<Result> stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
        stoppedNanos = System.nanoTime();
        for (Operation op : operations) {
            try {
                op.close();
            } catch (Exception e) {
                BenchRun.progress("a client's connection did not close: %s", e);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            OpStats merged = new OpStats();
            for (int c = 0; c < clients; c++) {
                merged.add(stats[c][w]);
            }
            boolean entered = w == 0 || windowStartNanos[w] != 0;
            long end = w + 1 < windows && windowStartNanos[w + 1] != 0 ? windowStartNanos[w + 1] : stoppedNanos;
            results.add(new Result(clients, merged, entered ? (end - windowStartNanos[w]) / 1e9 : 0));
        }
        return results;
    }

    /** One window: its clients, what they saw, and how long it lasted. */
    record Result(int clients, OpStats stats, double seconds) {
        double opsPerSecond() {
            return seconds > 0 ? stats.successes() / seconds : 0;
        }
    }
}
