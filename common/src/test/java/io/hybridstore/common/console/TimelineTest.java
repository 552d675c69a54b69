package io.hybridstore.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.console.RedundancyCounts.Tally;
import io.hybridstore.common.console.Timeline.EventType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private final Timeline timeline = new Timeline();

    @Test
    void keepsTheLastFifteenMinutesAtOneSecondResolution() {
        long start = 1_000_000L * 1000;
        for (int s = 0; s < 1000; s++) {
            timeline.record(start + s * 1000L + 300, new Tally(s, 1, 0, 0));
        }
        List<Timeline.Point> points = timeline.points();
        assertEquals(Timeline.SECONDS, points.size());
        assertEquals(1_000_000L + 100, points.get(0).epochSecond());
        assertEquals(100, points.get(0).full());
        assertEquals(999, points.get(points.size() - 1).full());
    }

    @Test
    void aSecondSampledTwiceKeepsItsLastValueAndGapsStayGaps() {
        timeline.record(5_000, new Tally(1, 0, 0, 0));
        timeline.record(5_900, new Tally(2, 0, 0, 0));
        timeline.record(9_100, new Tally(3, 0, 0, 0));
        timeline.record(4_000, new Tally(9, 0, 0, 0)); // clock stepped back: ignored

        assertEquals(List.of(new Timeline.Point(5, 2, 0, 0, 0), new Timeline.Point(9, 3, 0, 0, 0)), timeline.points());
    }

    @Test
    void eventsAreBoundedAndNewestFirstOnRequest() {
        timeline.record(1_000, Tally.ZERO);
        for (int i = 0; i < Timeline.MAX_EVENTS + 10; i++) {
            timeline.add(new Timeline.Event(1_000 + i, EventType.PASS, "pass " + i));
        }
        assertEquals(Timeline.MAX_EVENTS, timeline.events().size());
        assertEquals(List.of("pass " + (Timeline.MAX_EVENTS + 9), "pass " + (Timeline.MAX_EVENTS + 8)),
                timeline.recentEvents(2).stream().map(Timeline.Event::detail).toList());
    }

    @Test
    void theDetectorReportsNodeLostRepairsAndFullRedundancyButNotTheBaseline() {
        EventDetector detector = new EventDetector();
        assertTrue(detector.observe(0, Set.of("n1", "n2"), new Tally(0, 5, 0, 0), 3, 10).isEmpty()); // baseline

        assertEquals(List.of(new Timeline.Event(1_000, EventType.NODE_LOST, "n1 lease expired"),
                        new Timeline.Event(1_000, EventType.PASS, "pass 4 (12 ms)")),
                detector.observe(1_000, Set.of("n2"), new Tally(0, 5, 0, 0), 4, 12));
        assertEquals(List.of(EventType.NODE_BACK, EventType.FULL_REDUNDANCY),
                detector.observe(2_000, Set.of("n1", "n2"), new Tally(5, 0, 0, 0), 4, 12).stream().map(Timeline.Event::type).toList());
        assertTrue(detector.observe(3_000, Set.of("n1", "n2"), new Tally(5, 0, 0, 0), 4, 12).isEmpty());
    }
}
