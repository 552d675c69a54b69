package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassScheduleTest {

    private static final Set<String> EIGHT = Set.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8");
    private static final Set<String> SEVEN = Set.of("n1", "n2", "n3", "n4", "n5", "n6", "n7");

    private final PassSchedule schedule = new PassSchedule(Duration.ofSeconds(30), Duration.ofMillis(500));

    @Test
    void theFirstPassIsDueAtOnce() {
        assertTrue(schedule.due(0, EIGHT));
        assertEquals("interval", schedule.reason(0, EIGHT));
    }

    @Test
    void aQuietClusterWaitsTheWholeInterval() {
        schedule.passEnded(1_000, EIGHT, false);
        assertFalse(schedule.due(1_000, EIGHT));
        assertFalse(schedule.due(30_999, EIGHT));
        assertTrue(schedule.due(31_000, EIGHT));
    }

    @Test
    void aNodeLeavingTheLiveSetStartsAPassAfterTheMinimumPause() {
        schedule.passEnded(1_000, EIGHT, false);
        assertFalse(schedule.due(1_499, SEVEN), "not before the minimum pause");
        assertTrue(schedule.due(1_500, SEVEN));
        assertEquals("live nodes changed", schedule.reason(1_500, SEVEN));
    }

    @Test
    void aNodeJoiningCountsToo() {
        schedule.passEnded(1_000, SEVEN, false);
        assertTrue(schedule.due(1_500, EIGHT));
    }

    @Test
    void passesFollowEachOtherWhileTheyLeaveWorkAndStopWhenOneDoesNot() {
        schedule.passEnded(1_000, SEVEN, true);
        assertTrue(schedule.due(1_500, SEVEN));
        assertEquals("the last pass left work", schedule.reason(1_500, SEVEN));
        schedule.passEnded(2_000, SEVEN, false);
        assertFalse(schedule.due(2_500, SEVEN));
        assertFalse(schedule.due(31_999, SEVEN));
        assertTrue(schedule.due(32_000, SEVEN));
    }

    @Test
    void theMinimumPauseMustFitTheInterval() {
        assertThrows(IllegalArgumentException.class, () -> new PassSchedule(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> new PassSchedule(Duration.ofSeconds(1), Duration.ofMillis(-1)));
    }
}
