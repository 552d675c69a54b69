package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The codec warm-up a new leader runs: it stops at its round count or its time budget, whichever first. */
class ReconstructionWarmUpTest {

    @Test
    void runsItsRoundsWithinAGenerousBudget() {
        assertEquals(30, Reconstruction.warmUp(30, java.util.concurrent.TimeUnit.MINUTES.toNanos(1)),
                "two-shard losses of 4+2 decode (cold: tens of ms each)");
    }

    @Test
    void anExhaustedBudgetStopsItAtOnce() {
        assertEquals(0, Reconstruction.warmUp(300, 0));
    }
}
