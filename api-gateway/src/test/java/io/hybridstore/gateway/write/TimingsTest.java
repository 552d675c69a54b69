package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TimingsTest {

    @Test
    void serverTimingListsThePhasesInOrderInMillisecondsWithTwoDecimals() {
        Timings timings = new Timings();
        timings.add("wal", 1_204_999);
        timings.add("split", 50_000);
        timings.add("store", 3_100_000_000L);
        timings.add("meta", 5_000);
        assertEquals("wal;dur=1.20, split;dur=0.05, store;dur=3100.00, meta;dur=0.01", timings.serverTiming());
    }

    @Test
    void aPhaseTimedTwiceIsTheSumOfBoth() {
        Timings timings = new Timings();
        timings.add("meta", 400_000);
        timings.add("store", 1_000_000);
        timings.add("meta", 600_000);
        assertEquals("meta;dur=1.00, store;dur=1.00", timings.serverTiming());
    }

    /**
     * The header as String.format("%s;dur=%.2f") wrote it before, over durations from 0 to 20 ms in
     * steps of 7,919 ns, none of which falls half-way between two hundredths (where a double may round either way).
     */
    @Test
    void agreesWithTheFormatItReplacesOverARangeOfDurations() {
        int checked = 0;
        for (long nanos = 0; nanos < 20_000_000; nanos += 7_919) {
            Timings timings = new Timings();
            timings.add("fetch", nanos);
            assertEquals(String.format(Locale.ROOT, "fetch;dur=%.2f", nanos / 1e6), timings.serverTiming(), "at " + nanos + " ns");
            checked++;
        }
        assertEquals(2_526, checked);
    }

    @Test
    void noPhaseIsAnEmptyHeader() {
        assertEquals("", new Timings().serverTiming());
    }
}
