package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the next scan cycle may start, on a fake clock (plain milliseconds). */
class ScanCyclePacingTest {

    private static final long MIN = 60_000;
    private static final Set<String> EIGHT = Set.of("node-1@1", "node-2@1", "node-3@1", "node-4@1", "node-5@1", "node-6@1",
            "node-7@1", "node-8@1");
    private final ScanCyclePacing pacing = new ScanCyclePacing(Duration.ofMinutes(10));

    /** A cycle from the first key, started at {@code start}, that found nothing to do. */
    private void quietCycle(long start, Set<String> live) {
        pacing.cycleStarted(start, live, true);
        pacing.pageLive(live);
        pacing.pageLeft(0);
        pacing.cycleCompleted(true);
    }

    @Test
    void aTermsFirstCycleStartsAtOnce() {
        assertTrue(pacing.mayStart(0, EIGHT, false));
        assertFalse(pacing.confirmed());
    }

    @Test
    void afterACycleThatFoundNothingTheNextStartsTheRestAfterItsStartNotItsEnd() {
        quietCycle(0, EIGHT);
        assertTrue(pacing.confirmed());
        int asked = 0;
        for (long t = 30_000; t < 10 * MIN; t += 30_000, asked++) { // a pass every 30 s
            assertFalse(pacing.mayStart(t, EIGHT, false), "resting at " + t + " ms");
        }
        assertEquals(19, asked, "every pass of the ten minutes but the one at the rest's end");
        assertTrue(pacing.mayStart(10 * MIN, EIGHT, false), "ten minutes after the last cycle started");
    }

    @Test
    void aNodeLostJoinedOrRestartedSinceTheConfirmingCycleStartsTheNextAtOnce() {
        quietCycle(0, EIGHT);
        Set<String> lost = EIGHT.stream().filter(n -> !n.startsWith("node-3@")).collect(java.util.stream.Collectors.toSet());
        Set<String> joined = new java.util.HashSet<>(EIGHT);
        joined.add("node-9@5");
        Set<String> restarted = new java.util.HashSet<>(lost);
        restarted.add("node-3@7"); // the same id, a new process: perhaps an empty disk
        for (Set<String> now : List.of(lost, joined, restarted)) {
            assertTrue(pacing.mayStart(MIN, now, false), now.toString());
        }
        assertFalse(pacing.mayStart(MIN, EIGHT, false), "the same incarnations: still resting");
    }

    @Test
    void aCycleThatSawANodeChangeOrLeftAnObjectDegradedConfirmsNothing() {
        pacing.cycleStarted(0, EIGHT, true);
        pacing.pageLive(Set.of("node-1@1")); // seven gone mid-cycle
        pacing.pageLive(EIGHT); // and back: still a change the pages before saw otherwise
        pacing.cycleCompleted(true);
        assertFalse(pacing.confirmed());
        assertTrue(pacing.mayStart(1_000, EIGHT, false));

        pacing.cycleStarted(1_000, EIGHT, true);
        pacing.pageLeft(0);
        pacing.pageLeft(3); // a failed repair, an unreachable copy
        pacing.cycleCompleted(true);
        assertFalse(pacing.confirmed());
        assertTrue(pacing.mayStart(2_000, EIGHT, false));
    }

    @Test
    void anEmptyStoresCycleConfirmsNothing() {
        pacing.cycleStarted(0, EIGHT, true);
        pacing.cycleCompleted(false);
        assertFalse(pacing.confirmed(), "a new cluster's first records are audited by the next cycle, not ten minutes on");
        assertTrue(pacing.mayStart(30_000, EIGHT, false));
    }

    @Test
    void aCycleResumedAtAFormerLeadersCursorConfirmsNothing() {
        pacing.cycleStarted(0, EIGHT, false);
        pacing.pageLive(EIGHT);
        pacing.cycleCompleted(true);
        assertFalse(pacing.confirmed(), "it saw only the keys after the cursor");
        assertTrue(pacing.mayStart(1_000, EIGHT, false));
    }

    @Test
    void aCollectorDueASweepGetsItsCycleAtOnceAndZeroMeansNoRest() {
        quietCycle(0, EIGHT);
        assertFalse(pacing.mayStart(MIN, EIGHT, false));
        assertTrue(pacing.mayStart(MIN, EIGHT, true), "the GC's references come from a completed cycle: it waits no rest");

        ScanCyclePacing none = new ScanCyclePacing(Duration.ZERO);
        none.cycleStarted(0, EIGHT, true);
        none.cycleCompleted(true);
        assertTrue(none.confirmed());
        assertTrue(none.mayStart(0, EIGHT, false), "0: every pass scans, as before the rest");
        assertThrows(IllegalArgumentException.class, () -> new ScanCyclePacing(Duration.ofSeconds(-1)));
    }

    @Test
    void incarnationsAreTheIdAndTheProcessStart() {
        NodeInfo before = new NodeInfo("node-3", "http://n3", "", 1, 0, 0, 1_000, "v");
        NodeInfo after = new NodeInfo("node-3", "http://n3", "", 1, 0, 0, 2_000, "v");
        NodeInfo republished = new NodeInfo("node-3", "http://n3", "", 1, 500, 7, 1_000, "v"); // new usage, same process
        assertEquals(Set.of("node-3@1000"), ScanCyclePacing.incarnations(List.of(before)));
        assertFalse(ScanCyclePacing.incarnations(List.of(before)).equals(ScanCyclePacing.incarnations(List.of(after))));
        assertEquals(ScanCyclePacing.incarnations(List.of(before)), ScanCyclePacing.incarnations(List.of(republished)));
    }
}
