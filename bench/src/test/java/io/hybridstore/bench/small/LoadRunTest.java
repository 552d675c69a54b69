package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Driven by latches on the operations themselves: no sleeps decide anything here. */
class LoadRunTest {

    @Test
    void outcomesAndExceptionsAreCountedInTheWindowTheyStartedIn() throws Exception {
        CountDownLatch firstWindowDone = new CountDownLatch(30);
        CountDownLatch switched = new CountDownLatch(1);
        CountDownLatch secondWindowDone = new CountDownLatch(30);
        AtomicInteger calls = new AtomicInteger();
        LoadRun run = LoadRun.start("test", 2, 2, c -> () -> {
            int n = calls.incrementAndGet();
            if (firstWindowDone.getCount() > 0) {
                firstWindowDone.countDown();
            } else {
                switched.await(); // calls that began in window 0 end in it; the next ones start in window 1
                secondWindowDone.countDown();
            }
            if (n % 3 == 0) {
                throw new IOException("reset");
            }
            return n % 3 == 1 ? Operation.Outcome.ok("wal;dur=1.00").of(Operation.Outcome.WRITE) : Operation.Outcome.failed("503");
        });
        assertTrue(firstWindowDone.await(10, TimeUnit.SECONDS));
        run.window(1);
        switched.countDown();
        assertTrue(secondWindowDone.await(10, TimeUnit.SECONDS));
        List<LoadRun.Result> results = run.stop();

        assertEquals(2, results.size());
        long total = results.stream().mapToLong(r -> r.stats().successes() + r.stats().failures()).sum();
        assertEquals(calls.get(), total, "every call is counted once");
        OpStats all = new OpStats();
        results.forEach(r -> all.add(r.stats()));
        assertEquals(java.util.Set.of("503", "IOException"), all.errors().keySet());
        assertEquals(Double.valueOf(1.0), all.serverTimingP50().get("wal"));
        assertEquals(all.successes(), all.latencyByKind().get(Operation.Outcome.WRITE).count(), "each success under its kind");
        assertTrue(results.get(1).stats().successes() + results.get(1).stats().failures() > 0, "the second window saw calls");
        assertEquals(2, results.get(0).clients());
        assertTrue(results.get(0).seconds() > 0 && results.get(1).seconds() > 0);
    }

    @Test
    void aWindowNeverEnteredIsEmptyAndWindowsOnlyMoveForward() throws Exception {
        CountDownLatch some = new CountDownLatch(5);
        LoadRun run = LoadRun.start("test", 1, 3, c -> () -> {
            some.countDown();
            return Operation.Outcome.OK;
        });
        assertTrue(some.await(10, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> run.window(0));
        assertThrows(IllegalArgumentException.class, () -> run.window(3));
        List<LoadRun.Result> results = run.stop();
        assertEquals(0, results.get(2).stats().successes());
        assertEquals(0.0, results.get(2).seconds());
        assertEquals(0.0, results.get(2).opsPerSecond());
    }

    @Test
    void stopClosesEveryClientAfterItsThreadEnded() throws Exception {
        CountDownLatch some = new CountDownLatch(6);
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger closedWhileRunning = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        LoadRun run = LoadRun.start("test", 3, 1, c -> Operation.closing(() -> {
            closed.incrementAndGet();
            if (!stopping.get()) {
                closedWhileRunning.incrementAndGet();
            }
        }, () -> {
            some.countDown();
            return Operation.Outcome.OK;
        }));
        assertTrue(some.await(10, TimeUnit.SECONDS));
        assertEquals(0, closed.get(), "no client is closed while it runs");
        stopping.set(true);
        run.stop();
        assertEquals(3, closed.get(), "each of the 3 clients closed once");
        assertEquals(0, closedWhileRunning.get());
    }
}
