package io.hybridstore.common.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a healer feeds its console's model, on a fake clock: times are epoch millis passed in. */
class FeedDemandTest {

    private final FeedDemand demand = new FeedDemand(120_000);

    @Test
    void aLeaderAlwaysFeedsItsModel() {
        assertTrue(demand.wanted(0, true));
        assertTrue(demand.wanted(10_000_000, true));
    }

    @Test
    void aStandbyNobodyLookedAtDoesNot() {
        assertFalse(demand.wanted(0, false));
        assertFalse(demand.wanted(Long.MAX_VALUE, false));
    }

    @Test
    void aLookKeepsAStandbyFedForTheIdleTimeThenLetsItGo() {
        demand.viewed(1_000);
        assertTrue(demand.wanted(1_000, false));
        assertTrue(demand.wanted(120_999, false));
        assertFalse(demand.wanted(121_000, false), "idle for exactly the window: let go");
        demand.viewed(500_000); // the page opened again
        assertTrue(demand.wanted(500_001, false));
    }

    @Test
    void whatOnlyThePageShowsIsReadWhileItIsOpenOnALeaderToo() {
        assertTrue(demand.wanted(0, true), "a leader feeds its model");
        assertFalse(demand.looked(0), "but nobody looked: no node scrapes");
        assertFalse(demand.looked(Long.MAX_VALUE));
        demand.viewed(1_000);
        assertTrue(demand.looked(1_000));
        assertTrue(demand.looked(120_999));
        assertFalse(demand.looked(121_000), "the page closed a window ago");
        assertTrue(demand.wanted(121_000, true), "the leader's model stays fed");
    }

    @Test
    void theWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FeedDemand(0));
    }
}
