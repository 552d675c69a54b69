package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rehearsal a new leader runs: a lost node's copies rebuilt in memory, bounded by rounds and time. */
class RepairRehearsalTest {

    @Test
    void aRoundRebuildsEveryCopyTheLostNodeHeld() throws Exception {
        // 200 documents of 9 copies on 8 nodes: a node holds 9/8 of a copy per document on average,
        // at most one replica and one shard of each (distinct nodes per part).
        long copies = RepairRehearsal.round(200, 3);
        assertTrue(copies >= 200 && copies <= 400, "rebuilt " + copies + " copies of 200 documents");
    }

    @Test
    void itRunsItsRoundsWithinAGenerousBudget() throws Exception {
        RepairRehearsal.Result result = RepairRehearsal.run(50, 3, TimeUnit.MINUTES.toNanos(1));
        assertEquals(3, result.rounds());
        assertTrue(result.copiesRebuilt() >= 150, "three rounds of 50 documents: " + result.copiesRebuilt());
    }

    @Test
    void anExhaustedBudgetStopsItBeforeTheFirstRound() throws Exception {
        RepairRehearsal.Result result = RepairRehearsal.run(50, 3, 0);
        assertEquals(0, result.rounds());
        assertEquals(0, result.copiesRebuilt());
    }
}
