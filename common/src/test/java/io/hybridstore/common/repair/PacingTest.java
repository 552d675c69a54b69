package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.spi.memory.ManualTimeSource.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backoff, rate limit and the referenced-chunk filter: small decisions on a fake clock. */
class PacingTest {

    @Test
    void backoffDoublesUpToItsMaximumAndClearsOnSuccess() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertTrue(backoff.allowed("k", 0));
        backoff.failed("k", 0);
        assertFalse(backoff.allowed("k", 9_999));
        assertTrue(backoff.allowed("k", 10_000));
        backoff.failed("k", 10_000);
        assertFalse(backoff.allowed("k", 29_999));
        assertTrue(backoff.allowed("k", 30_000));
        assertEquals(40_000, backoff.delayMillis(3));
        assertEquals(60_000, backoff.delayMillis(4), "capped");
        assertEquals(60_000, backoff.delayMillis(64), "no overflow");
        backoff.succeeded("k");
        assertTrue(backoff.allowed("k", 30_000));
        assertEquals(0, backoff.failures("k"));
    }

    @Test
    void rateLimiterAllowsOneSecondBurstThenPacesToTheRate() {
        ManualClock clock = new ManualTimeSource(1_000).clock();
        ByteRateLimiter limiter = new ByteRateLimiter(1000, clock);
        assertEquals(0, limiter.reserve(1000), "a full bucket");
        assertEquals(500, limiter.reserve(500), "half a second of debt");
        clock.advance(Duration.ofMillis(500));
        assertEquals(1000, limiter.reserve(1000), "debt paid, a full second more");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, limiter.reserve(1000), "refill is capped at one second's worth");
        assertEquals(0, new ByteRateLimiter(0, clock).reserve(Long.MAX_VALUE / 2), "0 = unlimited");
    }

    @Test
    void eachChunkCountsTheChunkCostBesideItsBytes() {
        ManualClock clock = new ManualTimeSource(1_000).clock();
        ByteRateLimiter limiter = new ByteRateLimiter(1000, 100, clock);
        assertEquals(3 * 100 + 50, limiter.cost(50, 3));
        assertEquals(0, limiter.reserve(limiter.cost(200, 8)), "200 bytes in 8 chunks: the whole second's 1,000");
        assertEquals(150, limiter.reserve(limiter.cost(50, 1)), "one chunk of 50 bytes more: 150 ms of debt");
        assertEquals(0, new ByteRateLimiter(0, 100, clock).reserve(Long.MAX_VALUE / 2), "0 = unlimited, whatever the chunk cost");
    }

    @Test
    void referencedFilterNeverForgetsAndRarelyInvents() {
        ReferencedChunks refs = new ReferencedChunks(1 << 20);
        for (int i = 0; i < 50_000; i++) {
            refs.add("node-" + (i % 8), "c-" + i);
        }
        for (int i = 0; i < 50_000; i++) {
            assertTrue(refs.mightContain("node-" + (i % 8), "c-" + i));
        }
        int falsePositives = 0;
        for (int i = 0; i < 50_000; i++) {
            falsePositives += refs.mightContain("node-" + ((i + 1) % 8), "c-" + i) ? 1 : 0;
        }
        assertTrue(falsePositives < 1_000, "same chunk on another node is a different copy; false positives " + falsePositives);
        assertEquals(50_000, refs.added());
    }
}
