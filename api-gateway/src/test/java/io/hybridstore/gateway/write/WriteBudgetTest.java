package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryUploadRegistry;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.gateway.DelegatingChunkStore;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.blob.ByteBudget;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Uploads at once hold no more stripes than the gateway's write budget (issue 16: ten S3 parts at
 * once held 120 MiB of shard arrays in a 256 MiB heap). Ten parts of five stripes each are written
 * at once through a real {@link BlobWriter} over a fleet whose puts take a millisecond, so they
 * overlap; every part must be stored whole, and the shard puts on the wire at once are counted.
 */
class WriteBudgetTest {

    private static final int PARTS = 10;
    private static final int STRIPES_PER_PART = 5;
    /** Fixture stripes: 4 KiB, RS(4,2), so 6 shards of 1 KiB: 6 KiB of arrays per stripe. */
    private static final int STRIPE_BYTES = 6 * 1024;

    @Test
    void tenPartsAtOnceNeverHaveMoreStripesOnTheWireThanTheBudgetHolds() throws Exception {
        Outcome bounded = tenParts(new ByteBudget(3L * STRIPE_BYTES));
        assertTrue(bounded.mostPuts <= 3 * 6, "at most three stripes' shards on the wire at once: " + bounded.mostPuts);
        // The same parts with no budget, as before: far more at once, so the bound above is the budget's.
        Outcome unbounded = tenParts(ByteBudget.unbounded());
        assertTrue(unbounded.mostPuts > 3 * 6, "without a budget the parts overlap freely: " + unbounded.mostPuts);
    }

    @Test
    void aBudgetOfExactlyTwoStripesRunsPartsInTurnWithoutDeadlock() throws Exception {
        Outcome twoStripes = tenParts(new ByteBudget(2L * STRIPE_BYTES));
        assertTrue(twoStripes.mostPuts <= 2 * 6, "two stripes' shards at most: " + twoStripes.mostPuts);
    }

    @Test
    void aBudgetSmallerThanTwoStripesLetsEachUploadRunAlone() throws Exception {
        Outcome alone = tenParts(new ByteBudget(STRIPE_BYTES));
        // stripes-in-flight is 2: an upload alone has at most two stripes on the wire.
        assertTrue(alone.mostPuts <= 2 * 6, "one upload at a time: " + alone.mostPuts);
    }

    @Test
    void sharesComeBackWhenTheUploadEndsOrFails() {
        ByteBudget budget = new ByteBudget(4L * STRIPE_BYTES);
        try (StripeShares shares = new StripeShares(budget, STRIPE_BYTES)) {
            shares.first();
            shares.next(() -> {
                throw new AssertionError("a share was free: nothing to settle");
            });
            assertEquals(STRIPE_BYTES, budget.freeBytes(), "three stripes held");
            shares.done();
            assertEquals(2L * STRIPE_BYTES, budget.freeBytes());
        }
        assertEquals(4L * STRIPE_BYTES, budget.freeBytes(), "the rest given back at the end");
        StripeShares failing = new StripeShares(budget, STRIPE_BYTES);
        failing.first();
        List<String> settled = new ArrayList<>();
        try (StripeShares other = new StripeShares(budget, STRIPE_BYTES)) {
            other.first(); // the budget is now all held
            other.next(() -> {
                settled.add("own stripes first");
                other.done(); // as settling gives each stripe's share back
                other.done();
                failing.close(); // the other upload fails and gives everything back
            });
        }
        assertEquals(List.of("own stripes first"), settled, "an upload that must wait first settles its own stripes");
        assertEquals(4L * STRIPE_BYTES, budget.freeBytes());
    }

    private record Outcome(int mostPuts) {
    }

    private static Outcome tenParts(ByteBudget budget) throws Exception {
        AtomicInteger onTheWire = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        InMemoryChunkStore fleet = new InMemoryChunkStore();
        DelegatingChunkStore slow = new DelegatingChunkStore(fleet) {
            @Override
            public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
                most.accumulateAndGet(onTheWire.incrementAndGet(), Math::max);
                try {
                    LockSupport.parkNanos(1_000_000); // a node's answer takes a while: puts overlap
                    super.put(node, chunkId, data, sha256Hex);
                } finally {
                    onTheWire.decrementAndGet();
                }
            }
        };
        try (Fixture f = new Fixture(slow, Duration.ofSeconds(5), Duration.ofSeconds(5));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            NodeTimeouts timeouts = new NodeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 4L << 20);
            BlobWriter writer = new BlobWriter(f.wal, f.metadata, f.nodes, new NodeFanOut(slow, f.executor, timeouts, f.time),
                    f.blobSettings, f.clock, "test-gateway", new InMemoryUploadRegistry(), budget);
            int partSize = STRIPES_PER_PART * f.blobSettings.stripeSize();
            List<Future<BlobWriter.StoredPart>> parts = new ArrayList<>();
            for (int p = 0; p < PARTS; p++) {
                byte[] data = new byte[partSize];
                new Random(p).nextBytes(data);
                parts.add(threads.submit(() -> writer.writePart("bucket/key", new ByteArrayInputStream(data), (long) data.length,
                        new Timings())));
            }
            for (Future<BlobWriter.StoredPart> part : parts) {
                BlobWriter.StoredPart stored = part.get(30, TimeUnit.SECONDS);
                assertEquals(partSize, stored.size());
                assertEquals(STRIPES_PER_PART, stored.stripes().size());
                for (ColdPart stripe : stored.stripes()) {
                    assertEquals(6, stripe.shards().stream().filter(s -> s.stored()).count(), "every shard of every stripe stored");
                }
            }
            assertEquals(PARTS * STRIPES_PER_PART * 6L, fleet.putCount(), "every shard put once");
            assertEquals(budget.total() * 1024L, budget.freeBytes(), "every share given back");
        }
        return new Outcome(most.get());
    }
}
