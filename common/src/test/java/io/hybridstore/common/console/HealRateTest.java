package io.hybridstore.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rate and ETA on a fake clock: samples carry their own time. */
class HealRateTest {

    private final HealRate rate = new HealRate();

    @Test
    void aSteadyRateGivesANarrowEtaRange() {
        for (int s = 0; s <= 40; s++) {
            rate.sample(s * 1000L, 10L * s, 1_000L * s); // 10 objects/s, 1000 bytes/s
        }
        assertEquals(10, rate.objectsPerSecond(), 0.01);
        assertEquals(1000, rate.bytesPerSecond(), 0.1);
        assertEquals(java.util.Optional.of(new HealRate.Eta(30, 30)), rate.eta(300));
    }

    @Test
    void anUnevenRateGivesTheRangeFromFastestToSlowestWindow() {
        long healed = 0;
        for (int s = 0; s <= 30; s++) {
            rate.sample(s * 1000L, healed, 0);
            healed += s < 10 ? 5 : s < 20 ? 10 : 20; // windows of 5, 10 and 20 objects/s
        }
        assertEquals(java.util.Optional.of(new HealRate.Eta(5, 20)), rate.eta(100));
    }

    @Test
    void noEtaBeforeAFullSpanNorWhileAWindowStalls() {
        for (int s = 0; s <= 20; s++) {
            rate.sample(s * 1000L, 10L * s, 0);
        }
        assertTrue(rate.eta(100).isEmpty()); // 20 s seen, the span is 30
        for (int s = 21; s <= 35; s++) {
            rate.sample(s * 1000L, 200, 0); // stalled since 20 s
        }
        assertTrue(rate.eta(100).isEmpty());
        assertTrue(rate.eta(0).isEmpty()); // nothing to do, nothing to promise
    }

    @Test
    void theRateForgetsSamplesOlderThanTheSpan() {
        rate.sample(0, 0, 0);
        rate.sample(1_000, 1_000, 0); // a burst long ago
        for (int s = 2; s <= 100; s++) {
            rate.sample(s * 1000L, 1_000, 0);
        }
        assertEquals(0, rate.objectsPerSecond());
    }
}
