package io.hybridstore.common.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spare-shard read's decisions on a fake clock: 4 data shards d0-d3, 2 spares p4 and p5, 4 wanted. */
class SpareShardTrackerTest {

    private static final long MS = 1_000_000;
    private static final long START = 3_000 * MS;
    private static final List<String> SHARDS = List.of("d0", "d1", "d2", "d3", "p4", "p5");

    private static SpareShardTracker<String> tracker() {
        return new SpareShardTracker<>(SHARDS, 4, START, 100 * MS);
    }

    private static long at(long ms) {
        return START + ms * MS;
    }

    @Test
    void asksTheWantedShardsAtOnceAndEndsWhenTheyAllAnswerWell() {
        SpareShardTracker<String> t = tracker();
        assertEquals(List.of("d0", "d1", "d2", "d3"), t.toSend(at(0)));
        assertEquals(List.of(), t.toSend(at(1)), "four in flight is enough");
        for (String d : List.of("d0", "d1", "d2", "d3")) {
            assertFalse(t.done(at(5)));
            t.onAnswer(d, true);
        }
        assertTrue(t.done(at(5)));
        assertTrue(t.succeeded());
        assertEquals(List.of("p4", "p5"), t.unasked(), "parity was never needed");
    }

    @Test
    void eachFailureBringsInOneSpareAtOnce() {
        SpareShardTracker<String> t = tracker();
        t.toSend(at(0));
        t.onAnswer("d1", false);
        assertEquals(List.of("p4"), t.toSend(at(2)));
        t.onAnswer("d3", false);
        assertEquals(List.of("p5"), t.toSend(at(3)));
        t.onAnswer("p4", false);
        assertEquals(List.of(), t.toSend(at(4)), "no spare left");
        assertFalse(t.done(at(4)), "d0, d2 and p5 may still answer");
        t.onAnswer("d0", true);
        t.onAnswer("d2", true);
        t.onAnswer("p5", true);
        assertTrue(t.done(at(6)));
        assertFalse(t.succeeded(), "3 good of 4 wanted: the caller reports too few shards");
    }

    @Test
    void atTheRoundDeadlineEverySpareIsAskedAndTheSlowOnesMayStillAnswer() {
        SpareShardTracker<String> t = tracker();
        t.toSend(at(0));
        t.onAnswer("d0", true);
        t.onAnswer("d1", true);
        t.onAnswer("d2", true);
        assertEquals(at(100), t.nextDeadline());
        assertEquals(List.of(), t.toSend(at(99)), "d3 is within the round");
        assertEquals(List.of("p4", "p5"), t.toSend(at(100)));
        assertEquals(at(200), t.nextDeadline(), "one more timeout from when the spares went out");
        t.onAnswer("d3", true); // the slow one answered after all
        assertTrue(t.done(at(120)));
        assertTrue(t.succeeded());
        assertEquals(List.of("p4", "p5"), t.inFlight(), "the spares are left to cancel");
    }

    @Test
    void atADeadlineWithNoSpareLeftTheReadIsGivenUp() {
        SpareShardTracker<String> t = tracker();
        t.toSend(at(0));
        t.onAnswer("d0", true);
        t.toSend(at(100)); // p4, p5: deadline now 200
        t.onAnswer("p4", true);
        assertFalse(t.done(at(199)));
        assertEquals(List.of(), t.toSend(at(199)));
        assertTrue(t.done(at(200)));
        assertFalse(t.succeeded());
        assertEquals(List.of("d1", "d2", "d3", "p5"), t.inFlight());
    }

    @Test
    void fewerStoredShardsThanWantedAsksThemAllAndEndsWhenTheyAnswered() {
        SpareShardTracker<String> t = new SpareShardTracker<>(List.of("d0", "p5"), 4, START, 100 * MS);
        assertEquals(List.of("d0", "p5"), t.toSend(at(0)));
        t.onAnswer("d0", true);
        t.onAnswer("p5", true);
        assertTrue(t.done(at(1)));
        assertFalse(t.succeeded());
    }

    @Test
    void asTheSecondRoundItAsksEveryRemainingShard() {
        // After a SHA-256 mismatch the cold reader wants all the shards it has not asked yet.
        SpareShardTracker<String> t = new SpareShardTracker<>(List.of("p4", "p5"), 2, START, 100 * MS);
        assertEquals(List.of("p4", "p5"), t.toSend(at(0)));
        t.onAnswer("p4", false);
        assertFalse(t.done(at(1)));
        t.onAnswer("p5", true);
        assertTrue(t.done(at(2)));
        assertEquals(List.of(), t.unasked());
    }

    @Test
    void noCandidatesIsDoneAtOnce() {
        SpareShardTracker<String> t = new SpareShardTracker<>(List.of(), 4, START, 100 * MS);
        assertTrue(t.done(at(0)));
        assertEquals(List.of(), t.toSend(at(0)));
    }

    @Test
    void answersFromShardsNotInFlightAreRefused() {
        SpareShardTracker<String> t = tracker();
        t.toSend(at(0));
        assertThrows(IllegalArgumentException.class, () -> t.onAnswer("p4", true));
        t.onAnswer("d0", true);
        assertThrows(IllegalArgumentException.class, () -> t.onAnswer("d0", true));
    }
}
