package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When the collector sweeps: a sweep runs to its end however many scan cycles complete meanwhile, and
 * the next starts no sooner than a grace period after the last one started. Decisions on a fake
 * clock (the times passed in), listings counted.
 */
class GarbageSweepPacingTest {

    private static final Duration GRACE = Duration.ofHours(1);
    private static final long HOUR = GRACE.toMillis();
    private static final long T0 = 10 * HOUR;
    /** Every chunk is this old at T0: older than any cut-off below. */
    private static final long OLD = 0;

    private final AtomicInteger listings = new AtomicInteger();
    private final InMemoryChunkStore memory = new InMemoryChunkStore();
    private final ChunkStore chunks = new HealerTest.DelegatingChunkStore(memory) {
        @Override
        public List<ChunkStat> list(NodeInfo node, String afterId, int limit) {
            listings.incrementAndGet();
            return super.list(node, afterId, limit);
        }
    };
    private final Map<String, NodeInfo> live = new LinkedHashMap<>();

    GarbageSweepPacingTest() {
        for (String id : List.of("node-1", "node-2", "node-3")) {
            NodeInfo node = new NodeInfo(id, "mem://" + id, "", 1L << 40, 0, 0, 0, "test");
            live.put(id, node);
            for (int i = 0; i < 4; i++) {
                memory.put(node, "h-" + id + "-garbage-" + i, new byte[] {(byte) i}, null);
                memory.setModified(id, "h-" + id + "-garbage-" + i, OLD);
            }
        }
    }

    @Test
    void aRunningSweepIsNotReplacedByALaterCycleAndReachesTheLastNode() {
        // Pages of 2 chunks, 2 pages a pass: each node takes 3 listings (2 full pages, then the empty end).
        GarbageCollector garbage = new GarbageCollector(chunks, 2, GRACE);
        assertTrue(garbage.offer(new ReferencedChunks(1 << 16), T0 - HOUR, List.copyOf(live.keySet()), T0));
        int passes = 0;
        int deleted = 0;
        while (garbage.sweeping()) {
            deleted += garbage.sweep(live, 2, 1000, () -> true);
            passes++;
            // A cycle completes every pass, as on a store smaller than a pass's scan: it must not restart the sweep.
            assertFalse(garbage.offer(new ReferencedChunks(1 << 16), T0 - HOUR, List.copyOf(live.keySet()), T0 + passes * 30_000L));
        }
        assertEquals(12, deleted, "every node's garbage, the last node's too");
        live.keySet().forEach(id -> assertTrue(memory.chunksOn(id).isEmpty(), id));
        assertEquals(9, listings.get(), "each node listed once to its end: 3 listings each");
        assertEquals(5, passes);
    }

    @Test
    void theNextSweepStartsAGracePeriodAfterTheLastOneStarted() {
        GarbageCollector garbage = new GarbageCollector(chunks, 1000, GRACE);
        assertTrue(garbage.offer(new ReferencedChunks(1 << 16), T0 - HOUR, List.copyOf(live.keySet()), T0));
        assertEquals(12, garbage.sweep(live, 100, 1000, () -> true));
        assertFalse(garbage.sweeping());
        int listed = listings.get();
        assertEquals(6, listed, "one page and the empty end per node");

        // Cycles keep completing every 30 s: no sweep, no listing, for a grace period.
        int offers = 0;
        for (long now = T0 + 30_000; now < T0 + HOUR; now += 30_000) {
            assertFalse(garbage.offer(new ReferencedChunks(1 << 16), now - HOUR, List.copyOf(live.keySet()), now), "at " + now);
            assertEquals(0, garbage.sweep(live, 100, 1000, () -> true));
            offers++;
        }
        assertEquals(119, offers);
        assertEquals(listed, listings.get(), "nothing listed between the sweeps");

        assertTrue(garbage.offer(new ReferencedChunks(1 << 16), T0, List.copyOf(live.keySet()), T0 + HOUR));
        garbage.sweep(live, 100, 1000, () -> true);
        assertEquals(listed + 3, listings.get(), "the next sweep lists again");
    }
}
