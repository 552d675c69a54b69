package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpStatsTest {

    @Test
    void percentilesOfKnownLatencies() {
        OpStats stats = new OpStats();
        for (int ms = 1; ms <= 1000; ms++) {
            stats.success(ms * 1_000_000L);
        }
        OpStats.Latency l = stats.latency();
        assertEquals(1000, l.count());
        // HdrHistogram with 3 significant digits: within 0.1 % of the exact rank.
        assertEquals(500, l.p50(), 0.5);
        assertEquals(900, l.p90(), 0.9);
        assertEquals(990, l.p99(), 1.0);
        assertEquals(999, l.p999(), 1.0);
        assertEquals(1000, l.max(), 1.0);
    }

    /** A mixed load's p99 is mostly its slower kind's: each kind's percentiles apart, and the whole as before. */
    @Test
    void eachKindOfRequestHasItsOwnPercentiles() {
        OpStats stats = new OpStats();
        for (int i = 0; i < 800; i++) {
            stats.success(2_000_000L, Operation.Outcome.READ);
        }
        for (int i = 0; i < 200; i++) {
            stats.success(50_000_000L, Operation.Outcome.WRITE);
        }
        stats.success(1_000_000L); // a request of no kind: in the whole only
        OpStats merged = new OpStats();
        merged.add(stats);
        Map<String, OpStats.Latency> byKind = merged.latencyByKind();
        assertEquals(2, byKind.size());
        assertEquals(800, byKind.get(Operation.Outcome.READ).count());
        assertEquals(2.0, byKind.get(Operation.Outcome.READ).p99(), 0.01);
        assertEquals(200, byKind.get(Operation.Outcome.WRITE).count());
        assertEquals(50.0, byKind.get(Operation.Outcome.WRITE).p50(), 0.05);
        assertEquals(1001, merged.latency().count());
        assertEquals(50.0, merged.latency().p99(), 0.05);
        assertEquals(Map.of(), new OpStats().latencyByKind(), "a load that names no kinds has none");
    }

    @Test
    void nothingSucceededReadsAsZeros() {
        OpStats stats = new OpStats();
        stats.failure("503");
        assertEquals(new OpStats.Latency(0, 0, 0, 0, 0, 0), stats.latency());
        assertEquals(1, stats.failures());
    }

    @Test
    void serverTimingPartsAreParsedAndBadOnesSkipped() {
        OpStats stats = new OpStats();
        stats.serverTiming("wal;dur=1.20, split;dur=0.05, store;dur=3.10, meta;dur=0.90");
        stats.serverTiming("wal;dur=1.40, store;dur=x, junk");
        stats.serverTiming(null);
        Map<String, Double> p50 = stats.serverTimingP50();
        assertEquals(java.util.Set.of("wal", "split", "store", "meta"), p50.keySet());
        // 3 significant digits: each median within 0.1 % (plus a microsecond of rounding) of what was sent.
        assertEquals(1.2, p50.get("wal"), 0.002);
        assertEquals(0.05, p50.get("split"), 0.001);
        assertEquals(3.1, p50.get("store"), 0.004);
        assertEquals(0.9, p50.get("meta"), 0.002);
    }

    @Test
    void aTotalGivesWhatNoPartTimedAndWhatTheClientSawBeyondItPerRequest() {
        OpStats stats = new OpStats();
        // Medians of the differences, not differences of medians: the parts' medians (2, 2) sum to 4,
        // the totals' median is 10, but each request's untimed rest is 1, 2 or 3 ms.
        stats.serverTiming("start;dur=0.10, wal;dur=1.00, store;dur=2.00, total;dur=4.10", 5_000_000);
        stats.serverTiming("start;dur=0.10, wal;dur=2.00, store;dur=5.90, total;dur=10.00", 12_500_000);
        stats.serverTiming("start;dur=0.10, wal;dur=6.90, store;dur=2.00, total;dur=12.00", 12_000_000);
        stats.serverTiming("wal;dur=1.00", 3_000_000); // no total: nothing derived
        Map<String, Double> p50 = stats.serverTimingP50();
        Map<String, Double> max = stats.serverTimingAt(100);

        assertEquals(java.util.Set.of("start", "wal", "store", "total", "untimed", "outside"), p50.keySet());
        assertEquals(2.0, p50.get("untimed"), 0.003);
        assertEquals(3.0, max.get("untimed"), 0.004);
        assertEquals(0.9, p50.get("outside"), 0.002);
        assertEquals(2.5, max.get("outside"), 0.003);
        assertEquals(0.0, stats.serverTimingAt(0).get("outside"), 1e-9, "a client faster than the total (clocks apart) reads 0");
    }

    @Test
    void serverTimingAtAPercentileIsEachPartsOwn() {
        OpStats stats = new OpStats();
        for (int i = 1; i <= 100; i++) {
            stats.serverTiming(String.format(java.util.Locale.ROOT, "store;dur=%d.00, meta;dur=%d.00", i, 101 - i));
        }
        Map<String, Double> p99 = stats.serverTimingAt(99);
        assertEquals(99.0, p99.get("store"), 0.1, "the 99th of 1..100 ms");
        assertEquals(99.0, p99.get("meta"), 0.1, "each part ranked on its own, not by request");
        assertEquals(50.0, stats.serverTimingP50().get("store"), 0.1);
    }

    @Test
    void mergingAddsCountsAndErrors() {
        OpStats a = new OpStats();
        OpStats b = new OpStats();
        a.success(2_000_000);
        a.failure("503");
        b.success(4_000_000);
        b.failure("503");
        b.failure("timeout");
        b.serverTiming("wal;dur=2.00");
        a.add(b);
        assertEquals(2, a.successes());
        assertEquals(Map.of("503", 2L, "timeout", 1L), a.errors());
        assertEquals(Map.of("wal", 2.0), a.serverTimingP50());
        assertEquals(4.0, a.latency().max(), 0.01);
    }

    /** The slowest 1 % taken apart: each of its requests' parts, with what no part timed and what the client saw beyond, add up to its latency. */
    @Test
    void theSlowestPercentIsTakenApartByPartsThatAddUp() {
        OpStats stats = fastRequests(198);
        stats.success(40_000_000L);
        stats.serverTiming("wal;dur=30.00, store;dur=5.00, total;dur=36.00", 40_000_000L);
        stats.success(20_000_000L);
        stats.serverTiming("wal;dur=1.00, store;dur=15.00, total;dur=17.00", 20_000_000L);
        OpStats merged = new OpStats();
        merged.add(stats);

        SlowestRequests.Anatomy slowest = merged.slowestPercent();
        assertEquals(2, slowest.requests(), "1 % of 200");
        assertEquals(30.0, slowest.meanMs());
        assertEquals(Map.of("wal", 15.5, "store", 10.0, "untimed", 1.0, "outside", 3.5), slowest.partsMeanMs());
    }

    /** {@code n} successes of 2 ms with their Server-Timing (wal 0.5, store 1.0, total 1.8 ms), as the bench records them. */
    static OpStats fastRequests(int n) {
        OpStats stats = new OpStats();
        for (int i = 0; i < n; i++) {
            stats.success(2_000_000L);
            stats.serverTiming("wal;dur=0.50, store;dur=1.00, total;dur=1.80", 2_000_000L);
        }
        return stats;
    }
}
