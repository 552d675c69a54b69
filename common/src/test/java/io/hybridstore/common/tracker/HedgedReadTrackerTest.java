package io.hybridstore.common.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hedged read's decisions on a fake clock: which node is asked at which tick, and when it ends. */
class HedgedReadTrackerTest {

    private static final long MS = 1_000_000;
    /** Hedge delays: a 20 ms, b 30 ms, c 40 ms. */
    private static final Map<String, Long> DELAY = Map.of("a", 20 * MS, "b", 30 * MS, "c", 40 * MS);
    private static final long START = 7_000 * MS; // any origin: only differences count

    private static HedgedReadTracker<String> tracker(long timeoutMs) {
        return new HedgedReadTracker<>(List.of("a", "b", "c"), DELAY::get, START, timeoutMs * MS);
    }

    private static long at(long ms) {
        return START + ms * MS;
    }

    @Test
    void asksTheBestCopyFirstAndHedgesToTheNextExactlyWhenTheLastAskedIsOverItsDelay() {
        HedgedReadTracker<String> t = tracker(1_000);
        assertEquals(List.of("a"), t.toSend(at(0)));
        assertEquals(at(20), t.nextDeadline());
        assertEquals(List.of(), t.toSend(at(19)), "a is within its 20 ms");
        assertEquals(List.of("b"), t.toSend(at(20)));
        assertEquals(at(50), t.nextDeadline(), "b's 30 ms count from when b was asked");
        assertEquals(List.of(), t.toSend(at(49)));
        assertEquals(List.of("c"), t.toSend(at(50)));
        assertEquals(at(1_000), t.nextDeadline(), "nothing left to hedge to: only the deadline");
        assertEquals(List.of(), t.toSend(at(500)));
        assertEquals(List.of("a", "b", "c"), t.inFlight());
    }

    @Test
    void theFirstGoodAnswerWinsAndTheOthersAreLeftToCancel() {
        HedgedReadTracker<String> t = tracker(1_000);
        t.toSend(at(0));
        t.toSend(at(20));
        t.onAnswer("b", true);
        assertTrue(t.done(at(25)));
        assertEquals("b", t.winner());
        assertEquals(List.of("a"), t.inFlight(), "a is still running: the caller cancels it");
        assertEquals(List.of(), t.toSend(at(60)), "nothing more is asked once done");
        t.onAnswer("a", true); // a late good answer changes nothing
        assertEquals("b", t.winner());
    }

    @Test
    void aFailureWithNothingElseInFlightAsksTheNextAtOnce() {
        HedgedReadTracker<String> t = tracker(1_000);
        t.toSend(at(0));
        t.onAnswer("a", false);
        assertEquals(at(1_000), t.nextDeadline(), "nothing in flight: no hedge timer runs");
        assertEquals(List.of("b"), t.toSend(at(3)), "3 ms in, not waiting for a's 20 ms");
    }

    @Test
    void aFailureWhileAnotherIsInFlightKeepsTheHedgeTimerOfTheLastAsked() {
        HedgedReadTracker<String> t = tracker(1_000);
        t.toSend(at(0));
        t.toSend(at(20));
        t.onAnswer("a", false);
        assertEquals(List.of(), t.toSend(at(30)), "b is in flight and within its 30 ms");
        assertEquals(List.of("c"), t.toSend(at(50)));
    }

    @Test
    void everyCopyFailingEndsTheReadWithoutAWinnerAndWithoutATimeout() {
        HedgedReadTracker<String> t = tracker(1_000);
        t.toSend(at(0));
        t.onAnswer("a", false);
        t.toSend(at(1));
        t.onAnswer("b", false);
        t.toSend(at(2));
        assertFalse(t.done(at(2)));
        t.onAnswer("c", false);
        assertTrue(t.done(at(3)));
        assertNull(t.winner());
        assertFalse(t.timedOut(at(3)));
    }

    @Test
    void theDeadlineEndsTheReadAndWhatIsInFlightIsLeftToCancel() {
        HedgedReadTracker<String> t = tracker(35);
        t.toSend(at(0));
        t.toSend(at(20));
        assertEquals(at(35), t.nextDeadline(), "b's hedge (50 ms) lies past the 35 ms deadline");
        assertFalse(t.done(at(34)));
        assertTrue(t.done(at(35)));
        assertTrue(t.timedOut(at(35)));
        assertEquals(List.of(), t.toSend(at(35)), "c is never asked after the deadline");
        assertEquals(List.of("a", "b"), t.inFlight());
    }

    @Test
    void aSingleCopyIsWaitedForUntilTheDeadline() {
        HedgedReadTracker<String> t = new HedgedReadTracker<>(List.of("a"), DELAY::get, START, 100 * MS);
        assertEquals(List.of("a"), t.toSend(at(0)));
        assertEquals(at(100), t.nextDeadline());
        assertFalse(t.done(at(99)));
        assertTrue(t.timedOut(at(100)));
    }

    @Test
    void answersFromCopiesNeverAskedAndDuplicateCopiesAreRefused() {
        HedgedReadTracker<String> t = tracker(1_000);
        t.toSend(at(0));
        assertThrows(IllegalArgumentException.class, () -> t.onAnswer("b", true));
        t.onAnswer("a", false);
        assertThrows(IllegalArgumentException.class, () -> t.onAnswer("a", false), "a second answer from a");
        assertThrows(IllegalArgumentException.class,
                () -> new HedgedReadTracker<>(List.of("a", "a"), DELAY::get, START, MS));
    }
}
