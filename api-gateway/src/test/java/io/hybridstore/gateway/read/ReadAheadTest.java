package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.Timings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stripes fetched ahead of a client, and so held for it: the decision alone, then downloads whose
 * client stops at its first write, counting the shards fetched meanwhile (k = 4 per stripe).
 */
class ReadAheadTest {

    private static final int SHARDS_PER_STRIPE = 4;
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        clients.shutdownNow();
    }

    @Test
    void aShortRangeReadsTheRangedReadAheadAndEverythingElseTheWholeOneNeverPastTheRange() {
        ReadAhead readAhead = new ReadAhead(3, 1);
        int[][] partialStripesExpected = {
            {1, 1, 1}, {1, 2, 1}, {1, 3, 1}, // a range the whole read-ahead would fetch at once
            {1, 4, 3}, {1, 100, 3},          // a longer range streams like a whole download
            {0, 1, 1}, {0, 2, 2}, {0, 3, 3}, {0, 100, 3}, // whole downloads: never past the blob's stripes
        };
        for (int[] c : partialStripesExpected) {
            assertEquals(c[2], readAhead.stripesFor(c[0] == 1, c[1]), (c[0] == 1 ? "range" : "whole") + " of " + c[1] + " stripes");
        }
        assertEquals(2, ReadAhead.uniform(3).stripesFor(true, 2), "uniform: a range reads ahead like a whole download");
        assertThrows(IllegalArgumentException.class, () -> new ReadAhead(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReadAhead(0, 1));
    }

    @Test
    void tenTwoStripeRangesWhoseClientsWaitHoldOneStripeEachWithRangedReadAheadOne() throws Exception {
        assertEquals(10 * SHARDS_PER_STRIPE, shardsFetchedWhileClientsWait(new ReadAhead(3, 1), 10, 2, true),
                "each range's first stripe only: the second is fetched once the first is sent");
    }

    @Test
    void tenTwoStripeRangesWhoseClientsWaitHeldBothStripesEachWithTheWholeReadAhead() throws Exception {
        assertEquals(10 * 2 * SHARDS_PER_STRIPE, shardsFetchedWhileClientsWait(ReadAhead.uniform(3), 10, 2, true),
                "before: each range's two stripes fetched and held while its client waits");
    }

    @Test
    void aWholeDownloadAndALongRangeStillReadTheWholeReadAhead() throws Exception {
        assertEquals(3 * SHARDS_PER_STRIPE, shardsFetchedWhileClientsWait(new ReadAhead(3, 1), 1, 8, false), "whole download");
        assertEquals(3 * SHARDS_PER_STRIPE, shardsFetchedWhileClientsWait(new ReadAhead(3, 1), 1, 4, true), "range of 4 stripes");
    }

    /**
     * Starts {@code downloads} downloads of {@code stripes} stripes each (ranges of one 20-stripe blob,
     * or the whole of a blob of {@code stripes}), whose clients all stop at their first write; once
     * every client is stopped and the fetches asked for have ended, the shards fetched so far: what
     * the downloads hold for clients that do not read. Then lets the clients go and checks every byte.
     */
    private int shardsFetchedWhileClientsWait(ReadAhead readAhead, int downloads, int stripes, boolean ranged) throws Exception {
        try (Fixture f = new Fixture()) {
            int stripe = f.blobSettings.stripeSize(); // 4 KiB: k = 4 data shards of 1 KiB
            byte[] data = new byte[(ranged ? 20 : stripes) * stripe];
            new Random(7).nextBytes(data);
            f.blobs.write(new BlobWriter.Upload("b", "application/octet-stream", null, (long) data.length),
                    new ByteArrayInputStream(data), new Timings());
            AtomicInteger fetched = new AtomicInteger();
            ChunkReads direct = ChunkReads.direct(f.chunks);
            ChunkReads counted = (node, chunkId, size) -> {
                fetched.incrementAndGet();
                return direct.read(node, chunkId, size);
            };
            ReadService service = new ReadService(f.metadata, f.nodes, counted, f.executor,
                    new ReplicaStats(f.time::nanoTime, Duration.ofMillis(5), Duration.ofMillis(20)),
                    new NodeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 4L << 20), f.time, f.metrics);
            BlobReader reader = service.blobReader(readAhead, Long.MAX_VALUE, RecordCache.Bounds.NONE);
            f.executor.awaitIdle();

            CountDownLatch stopped = new CountDownLatch(downloads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int d = 0; d < downloads; d++) {
                String range = ranged ? "bytes=" + ((long) d * stripes * stripe) + "-" + ((long) (d + 1) * stripes * stripe - 1) : null;
                results.add(clients.submit(() -> {
                    WaitingClient out = new WaitingClient(stopped, go);
                    reader.open("b", range).writeTo(out);
                    return out.toByteArray();
                }));
            }
            assertTrue(stopped.await(30, TimeUnit.SECONDS), "every client got its first bytes");
            f.executor.awaitIdle(); // the read-ahead asked for has been fetched
            int held = fetched.get();
            go.countDown();
            for (int d = 0; d < downloads; d++) {
                int from = ranged ? d * stripes * stripe : 0;
                assertArrayEquals(Arrays.copyOfRange(data, from, from + stripes * stripe), results.get(d).get(30, TimeUnit.SECONDS),
                        "download " + d);
            }
            assertEquals(downloads * stripes * SHARDS_PER_STRIPE, fetched.get(), "every stripe's data shards read once in the end");
            return held;
        }
    }

    /** A client that takes its first write, then stops until let go. */
    private static final class WaitingClient extends ByteArrayOutputStream {
        private final CountDownLatch stopped;
        private final CountDownLatch go;

        WaitingClient(CountDownLatch stopped, CountDownLatch go) {
            this.stopped = stopped;
            this.go = go;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            if (size() == len) {
                stopped.countDown();
                try {
                    if (!go.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never let go");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
