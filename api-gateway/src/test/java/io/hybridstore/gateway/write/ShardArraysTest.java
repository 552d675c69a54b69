package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hybridstore.gateway.blob.BlobSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writer's shared pool of shard arrays: what it keeps, and that uploads at once never hold one array together. */
class ShardArraysTest {

    @Test
    void keepsArraysOfItsSizeOnlyAndAtMostItsBound() {
        ShardArrays pool = new ShardArrays(1024, 2);
        byte[] a = new byte[1024];
        byte[] b = new byte[1024];
        pool.give(a, new byte[512], b, new byte[1024], null);

        assertEquals(2, pool.kept(), "the other size, the third of its size and the null are left to the GC");
        byte[] first = pool.take(1024);
        assertSame(b, first, "the last given is taken first (the warmest)");
        assertSame(a, pool.take(1024));
        assertNotSame(a, pool.take(1024), "empty: a new one");
        assertEquals(700, pool.take(700).length, "another size: always a new one");
    }

    @Test
    void uploadsTakingAndGivingAtOnceNeverHoldTheSameArray() throws Exception {
        ShardArrays pool = new ShardArrays(64, 8);
        AtomicInteger rounds = new AtomicInteger();
        List<Future<?>> uploads = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                byte mark = (byte) (t + 1);
                uploads.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        byte[][] stripe = {pool.take(64), pool.take(64), pool.take(64)};
                        for (byte[] shard : stripe) {
                            java.util.Arrays.fill(shard, mark);
                        }
                        Thread.yield();
                        for (byte[] shard : stripe) {
                            for (byte x : shard) {
                                if (x != mark) {
                                    throw new AssertionError("an array held by this upload was written by another");
                                }
                            }
                        }
                        pool.give(stripe);
                        rounds.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        }
        assertEquals(8 * 5_000, rounds.get());
        assertEquals(8, pool.kept(), "full to its bound once they are done");
    }

    @Test
    void theSharedPoolKeepsAnEighthOfTheHeapAndAtLeastOneUploadsArrays() {
        BlobSettings defaults = new BlobSettings(3, 4, 2, 1 << 20, 4 << 20, 512, 16L << 30, 2, 3, Duration.ofMinutes(10));

        assertEquals(32, BlobBytesWriter.pooledArrays(defaults, 256L << 20), "32 shards of 1 MiB in a 256 MiB heap");
        assertEquals(18, BlobBytesWriter.pooledArrays(defaults, 64L << 20), "(2 in flight + 1 being read) x 6 shards");
    }
}
