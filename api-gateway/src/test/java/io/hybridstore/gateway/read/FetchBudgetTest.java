package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.Timings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway-wide bound on stripe bytes being fetched, alone and under ten concurrent ranged downloads. */
class FetchBudgetTest {

    private static final long KIB = 1024;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        threads.shutdownNow();
    }

    @Test
    void aFetchPastTheBudgetWaitsForOneInFlightAndTheBudgetIsWholeAfterwards() throws Exception {
        FetchBudget budget = new FetchBudget(8 * KIB);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = threads.submit(() -> budget.fetch(6 * KIB, () -> await(release, "first")));
        awaitTrue(() -> budget.freeBytes() == 2 * KIB, "the first fetch holds 6 of 8 KiB");
        AtomicBoolean secondRan = new AtomicBoolean();
        Future<String> second = threads.submit(() -> budget.fetch(4 * KIB, () -> {
            secondRan.set(true);
            return "second";
        }));
        awaitTrue(() -> budget.waiting() == 1, "the second fetch waits");
        assertFalse(secondRan.get(), "4 KiB do not fit in the 2 left");
        release.countDown();
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
        assertEquals("second", second.get(10, TimeUnit.SECONDS));
        assertEquals(8 * KIB, budget.freeBytes());
    }

    @Test
    void fetchesStartInTheOrderTheyAskedSoASmallOneDoesNotOvertakeALargeOne() throws Exception {
        FetchBudget budget = new FetchBudget(8 * KIB);
        CountDownLatch release = new CountDownLatch(1);
        List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());
        Future<String> holder = threads.submit(() -> budget.fetch(6 * KIB, () -> await(release, "holder")));
        awaitTrue(() -> budget.freeBytes() == 2 * KIB, "the holder holds 6 of 8 KiB");
        Future<?> large = threads.submit(() -> budget.fetch(4 * KIB, () -> started.add("large")));
        awaitTrue(() -> budget.waiting() == 1, "the large fetch waits");
        Future<?> small = threads.submit(() -> budget.fetch(KIB, () -> started.add("small")));
        awaitTrue(() -> budget.waiting() == 2, "the small one waits behind it although 1 KiB would fit");
        assertEquals(List.of(), started);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        large.get(10, TimeUnit.SECONDS);
        small.get(10, TimeUnit.SECONDS);
        assertEquals(2, started.size(), "both ran once the holder was done");
    }

    @Test
    void aStripeLargerThanTheWholeBudgetIsFetchedAloneNotNever() {
        FetchBudget budget = new FetchBudget(8 * KIB);
        long freeWhileItRuns = budget.fetch(1 << 20, budget::freeBytes);
        assertEquals(0, freeWhileItRuns, "it holds the whole budget while it runs");
        assertEquals(8 * KIB, budget.freeBytes());
    }

    @Test
    void aFailedFetchFreesItsShare() {
        FetchBudget budget = new FetchBudget(8 * KIB);
        StoreException e = assertThrows(StoreException.class, () -> budget.fetch(4 * KIB, () -> {
            throw new StoreException(ErrorCode.UNAVAILABLE, "only 3 of the 4 shards");
        }));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(8 * KIB, budget.freeBytes());
    }

    @Test
    void aFetchInterruptedWhileWaitingIsUnavailableAndHoldsNothing() throws Exception {
        FetchBudget budget = new FetchBudget(8 * KIB);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> budget.fetch(8 * KIB, () -> await(release, "holder")));
        awaitTrue(() -> budget.freeBytes() == 0, "the holder holds all of it");
        Future<String> waiter = threads.submit(() -> budget.fetch(4 * KIB, () -> "never"));
        awaitTrue(() -> budget.waiting() == 1, "the waiter waits");
        waiter.cancel(true); // a download given up cancels its read-ahead so
        awaitTrue(() -> budget.waiting() == 0, "the interrupted waiter left the queue");
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertEquals(8 * KIB, budget.freeBytes(), "the waiter took nothing with it");
    }

    @Test
    void tenRangedDownloadsAtOnceNeverFetchMoreStripesThanTheBudgetHolds() throws Exception {
        try (Fixture f = new Fixture()) {
            int stripe = f.blobSettings.stripeSize(); // 4 KiB: k = 4 data shards of 1 KiB
            int stripes = 20;
            byte[] data = new byte[stripes * stripe];
            new Random(5).nextBytes(data);
            f.blobs.write(new BlobWriter.Upload("ranged", "application/octet-stream", null, (long) data.length),
                    new ByteArrayInputStream(data), new Timings());
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            ChunkReads direct = ChunkReads.direct(f.chunks);
            ChunkReads counted = (node, chunkId, size) -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    reads.incrementAndGet();
                    LockSupport.parkNanos(1_000_000); // a node's answer takes a while: reads overlap
                    return direct.read(node, chunkId, size);
                } finally {
                    inFlight.decrementAndGet();
                }
            };
            ReadService service = new ReadService(f.metadata, f.nodes, counted, f.executor,
                    new ReplicaStats(f.time::nanoTime, Duration.ofMillis(5), Duration.ofMillis(20)),
                    new NodeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 4L << 20), f.time, f.metrics);
            BlobReader reader = service.blobReader(ReadAhead.uniform(3), 2L * stripe, RecordCache.Bounds.NONE); // read-ahead 3 each, two stripes in flight in all

            List<Future<byte[]>> downloads = new ArrayList<>();
            for (int d = 0; d < 10; d++) {
                String range = "bytes=" + (2L * d * stripe) + "-" + (2L * (d + 1) * stripe - 1);
                downloads.add(threads.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    reader.open("ranged", range).writeTo(out);
                    return out.toByteArray();
                }));
            }
            for (int d = 0; d < 10; d++) {
                assertArrayEquals(Arrays.copyOfRange(data, 2 * d * stripe, 2 * (d + 1) * stripe), downloads.get(d).get(30, TimeUnit.SECONDS),
                        "download " + d);
            }
            assertEquals(stripes * 4, reads.get(), "each stripe's 4 data shards read once, no parity needed");
            assertTrue(most.get() <= 2 * 4, "at most two stripes' data shards read at once, not the 20 stripes asked for: " + most.get());
        }
    }

    private static String await(CountDownLatch latch, String result) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the test never released " + result);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (bounded) for a state another thread brings about. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "never: " + what);
            Thread.sleep(1);
        }
    }
}
