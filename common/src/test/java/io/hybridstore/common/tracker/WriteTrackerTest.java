package io.hybridstore.common.tracker;

import static io.hybridstore.common.tracker.WriteTracker.Status.FAILED;
import static io.hybridstore.common.tracker.WriteTracker.Status.GIVEN_UP;
import static io.hybridstore.common.tracker.WriteTracker.Status.PENDING;
import static io.hybridstore.common.tracker.WriteTracker.Status.STORED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write's decisions on a fake clock: when it answers with which copies pending, when stragglers are given up. */
class WriteTrackerTest {

    private static final long MS = 1_000_000;
    private static final long START = 9_000 * MS;
    private static final List<String> COPIES = List.of("r0", "r1", "r2", "s0", "s1", "s2", "s3", "s4", "s5");

    /** Answer timeout 50 ms, node timeout 5 s. */
    private static WriteTracker<String> tracker() {
        return new WriteTracker<>(COPIES, START, 50 * MS, 5_000 * MS);
    }

    private static long at(long ms) {
        return START + ms * MS;
    }

    @Test
    void answersAsSoonAsEveryCopyAnsweredEvenBeforeTheAnswerDeadline() {
        WriteTracker<String> t = tracker();
        COPIES.forEach(c -> t.onAnswer(c, !c.equals("s2")));
        assertTrue(t.answerDue(at(3)));
        assertTrue(t.settled(at(3)));
        assertEquals(List.of("s2"), t.with(FAILED));
        assertEquals(8, t.with(STORED).size());
    }

    @Test
    void atTheAnswerDeadlineTheUnansweredCopiesArePendingStragglers() {
        WriteTracker<String> t = tracker();
        COPIES.stream().filter(c -> !c.equals("s5")).forEach(c -> t.onAnswer(c, true));
        assertFalse(t.answerDue(at(49)), "one copy out, 49 ms in: keep waiting");
        assertTrue(t.answerDue(at(50)));
        assertEquals(List.of("s5"), t.with(PENDING));
        assertFalse(t.settled(at(50)), "the straggler may still land");
        assertEquals(PENDING, t.status("s5"));
    }

    @Test
    void aStragglerThatLandsBeforeTheNodeDeadlineSettlesTheWriteStored() {
        WriteTracker<String> t = tracker();
        COPIES.stream().filter(c -> !c.equals("s5")).forEach(c -> t.onAnswer(c, true));
        t.answerDue(at(50));
        t.onAnswer("s5", true);
        assertTrue(t.settled(at(400)));
        assertEquals(STORED, t.status("s5"));
        assertEquals(List.of(), t.with(GIVEN_UP));
    }

    @Test
    void stragglersStillUnansweredAtTheNodeDeadlineAreGivenUpAndLateAnswersChangeNothing() {
        WriteTracker<String> t = tracker();
        COPIES.stream().filter(c -> !c.startsWith("s4") && !c.startsWith("s5")).forEach(c -> t.onAnswer(c, true));
        assertFalse(t.settled(at(4_999)));
        assertEquals(List.of("s4", "s5"), t.with(PENDING));
        assertTrue(t.settled(at(5_000)));
        assertEquals(List.of("s4", "s5"), t.with(GIVEN_UP));
        t.onAnswer("s4", true); // its request was cancelled; the write already counts it as not stored
        assertEquals(GIVEN_UP, t.status("s4"));
    }

    @Test
    void theDeadlinesGrowWithTheLargestCopysTransferTimeAndTheAnswerNeverOutlastsTheNode() {
        NodeTimeouts timeouts = new NodeTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), 4L << 20);
        WriteTracker<String> t = WriteTracker.of(COPIES, START, timeouts, 4L << 20); // 4 MiB at 4 MiB/s: one more second
        assertEquals(at(2_000), t.answerDeadline());
        assertEquals(at(4_000), t.nodeDeadline());
        WriteTracker<String> clamped = WriteTracker.of(COPIES, START,
                new NodeTimeouts(Duration.ofSeconds(9), Duration.ofSeconds(3), 4L << 20), 0);
        assertEquals(at(3_000), clamped.answerDeadline(), "an answer timeout above the node timeout is the node timeout");
        assertEquals(Duration.ofSeconds(3), new NodeTimeouts(Duration.ofSeconds(9), Duration.ofSeconds(3), 1).answer());
    }

    @Test
    void aWriteOfNoCopiesIsSettledAtOnceAndUnknownOrDuplicateCopiesAreRefused() {
        WriteTracker<String> none = new WriteTracker<>(List.of(), START, 50 * MS, 5_000 * MS);
        assertTrue(none.answerDue(at(0)));
        assertTrue(none.settled(at(0)));
        assertThrows(IllegalArgumentException.class, () -> tracker().onAnswer("x", true));
        assertThrows(IllegalArgumentException.class, () -> new WriteTracker<>(List.of("a", "a"), START, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NodeTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    }
}
