package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slowest 1 % of a phase taken apart: known answers, the bound kept, clients merged. */
class SlowestRequestsTest {

    @Test
    void theSlowestPercentsPartsAreAveragedOverThoseRequestsOnly() {
        SlowestRequests kept = new SlowestRequests();
        // 1,000 requests of 1..1,000 ms: the slowest 1 % are the 10 of 991..1,000 ms. Those slow in
        // "store" are the even ones; the odd ones are slow in "meta".
        for (int ms = 1; ms <= 1000; ms++) {
            long micros = ms * 1000L;
            kept.add(micros, ms % 2 == 0 ? Map.of("store", micros - 1000, "meta", 1000L) : Map.of("meta", micros - 2000, "wal", 2000L));
        }
        SlowestRequests.Anatomy a = kept.slowest(0.01, 1000);

        assertEquals(10, a.requests());
        assertEquals(991.0, a.fromMs());
        assertEquals(995.5, a.meanMs());
        // store: the five even ones (992..1,000, less 1 ms each) over ten requests; wal: 2 ms in five of ten.
        assertEquals((991 + 993 + 995 + 997 + 999) / 10.0, a.partsMeanMs().get("store"));
        assertEquals(1.0, a.partsMeanMs().get("wal"));
        assertEquals((5 * 1 + (989 + 991 + 993 + 995 + 997)) / 10.0, a.partsMeanMs().get("meta"));
        double sum = a.partsMeanMs().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(a.meanMs(), sum, 0.01, "the parts of each request add up to its latency, so their means do too");
    }

    @Test
    void aClientKeepsAtMostItsBoundTheSlowestOnes() {
        SlowestRequests kept = new SlowestRequests();
        int offered = 3 * SlowestRequests.KEPT;
        for (int i = offered; i >= 1; i--) { // slowest first: every later one is refused once full
            kept.add(i * 1000L, Map.of("store", i * 1000L));
        }
        assertFalse(kept.wants(1000));
        assertTrue(kept.wants(offered * 1000L + 1));
        SlowestRequests.Anatomy all = kept.slowest(1.0, offered);
        assertEquals(SlowestRequests.KEPT, all.requests(), "no more than were kept");
        assertEquals(offered - SlowestRequests.KEPT + 1, all.fromMs(), "the slowest kept, down to this one");
    }

    @Test
    void clientsMergeIntoOnePhase() {
        SlowestRequests a = new SlowestRequests();
        SlowestRequests b = new SlowestRequests();
        for (int i = 1; i <= 100; i++) {
            a.add(i * 1000L, Map.of("fetch", i * 1000L));
            b.add((100 + i) * 1000L, Map.of("meta", (100 + i) * 1000L));
        }
        SlowestRequests phase = new SlowestRequests();
        phase.add(a);
        phase.add(b);
        SlowestRequests.Anatomy slowest = phase.slowest(0.01, 200);
        assertEquals(2, slowest.requests());
        assertEquals(199.5, slowest.meanMs());
        assertEquals(Map.of("meta", 199.5), slowest.partsMeanMs(), "the slowest two are both b's");
        assertEquals(SlowestRequests.Anatomy.NONE, new SlowestRequests().slowest(0.01, 0));
    }
}
