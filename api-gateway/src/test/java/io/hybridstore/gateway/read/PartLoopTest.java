package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.spi.TimeSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** One thread drives two parts' loops over one queue: answers reach the part that asked, deadlines the earliest. */
class PartLoopTest {

    /** A clock that never waits: an empty queue's poll jumps to the deadline (the waits it was asked for are kept). */
    private static final class JumpingTime implements TimeSource {
        long now;
        final List<Long> waitedUntil = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public <T> T poll(BlockingQueue<T> queue, long deadlineNanos) {
            T head = queue.poll();
            if (head == null) {
                waitedUntil.add(deadlineNanos);
                now = Math.max(now, deadlineNanos);
            }
            return head;
        }
    }

    /**
     * A part that asks its copies all at once when first told to send (each answered at once into the
     * queue, good unless listed bad), sends nothing before {@code sendAt}, and is done after {@code wanted}
     * answers or at {@code deadline}.
     */
    private static final class FakePart implements PartLoop.Part {
        final List<ChunkLocation> copies;
        final BlockingQueue<Fetch> queue;
        final int wanted;
        final long sendAt;
        final long deadline;
        final boolean failsTheDocument;
        final List<ChunkLocation> answered = new ArrayList<>();
        final List<Long> sentAt = new ArrayList<>();
        int answersWhenOtherClosed = -1;
        FakePart other;
        int closes;
        boolean sent;

        FakePart(BlockingQueue<Fetch> queue, String prefix, int copies, int wanted, long sendAt, long deadline, boolean failsTheDocument) {
            this.queue = queue;
            this.copies = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                this.copies.add(new ChunkLocation(i, "node-" + i, prefix + i, 1));
            }
            this.wanted = wanted;
            this.sendAt = sendAt;
            this.deadline = deadline;
            this.failsTheDocument = failsTheDocument;
        }

        @Override
        public void send(long now) {
            if (sent || now < sendAt) {
                return;
            }
            sent = true;
            sentAt.add(now);
            copies.forEach(c -> queue.add(failsTheDocument ? new Fetch(c, null, ErrorCode.NOT_FOUND) : new Fetch(c, new byte[] {1}, null)));
        }

        @Override
        public boolean done(long now) {
            return answered.size() >= wanted || now >= deadline;
        }

        @Override
        public long deadline() {
            return sent ? deadline : Math.min(sendAt, deadline);
        }

        @Override
        public boolean asked(ChunkLocation location) {
            return copies.contains(location);
        }

        @Override
        public void answer(Fetch answer) {
            answered.add(answer.location());
        }

        @Override
        public boolean failed() {
            return failsTheDocument;
        }

        @Override
        public void close() {
            closes++;
            if (other != null && answersWhenOtherClosed < 0) {
                other.answersWhenOtherClosed = other.answered.size();
            }
        }
    }

    @Test
    void eachAnswerReachesThePartThatAskedAndEachPartClosesWhenItIsDone() {
        JumpingTime time = new JumpingTime();
        BlockingQueue<Fetch> queue = new LinkedBlockingQueue<>();
        FakePart hot = new FakePart(queue, "h-", 1, 1, 0, 1_000, false);
        FakePart cold = new FakePart(queue, "c-", 4, 4, 0, 1_000, false);
        hot.other = cold;

        PartLoop.run(time, queue, List.of(hot, cold));

        assertEquals(hot.copies, hot.answered, "the hot part got its own answer and no other");
        assertEquals(cold.copies, cold.answered, "the cold part got its four and no other");
        assertEquals(1, hot.closes);
        assertEquals(1, cold.closes);
        assertEquals(0, cold.answersWhenOtherClosed, "the hot part closed (its hedges cancelled) before the cold part's answers were taken");
        assertTrue(time.waitedUntil.isEmpty(), "every answer was in the queue: no wait for a deadline");
    }

    @Test
    void aPartThatFailsTheDocumentEndsTheLoopWithoutWaitingForTheOther() {
        JumpingTime time = new JumpingTime();
        BlockingQueue<Fetch> queue = new LinkedBlockingQueue<>();
        FakePart hot = new FakePart(queue, "h-", 3, 3, 0, 1_000, true);
        FakePart cold = new FakePart(queue, "c-", 4, 4, 500, 1_000, false); // sends only at 500

        PartLoop.run(time, queue, List.of(hot, cold));

        assertEquals(3, hot.answered.size());
        assertEquals(1, hot.closes);
        assertTrue(cold.sentAt.isEmpty(), "the loop ended before the cold part's time to send");
        assertFalse(cold.done(time.nanoTime()));
        assertEquals(0, time.now, "no wait after the failure");
    }

    @Test
    void theLoopWakesAtTheEarliestDeadlineOfThePartsNotDone() {
        JumpingTime time = new JumpingTime();
        BlockingQueue<Fetch> queue = new LinkedBlockingQueue<>();
        FakePart hot = new FakePart(queue, "h-", 1, 1, 40, 1_000, false); // its first copy only at 40 (a hedge)
        FakePart cold = new FakePart(queue, "c-", 4, 5, 0, 300, false); // wants 5 of 4: done at its deadline only

        PartLoop.run(time, queue, List.of(hot, cold));

        assertEquals(List.of(40L, 300L), time.waitedUntil, "woken for the hot part's send at 40, then at the cold part's deadline");
        assertEquals(List.of(40L), hot.sentAt);
        assertEquals(List.of(0L), cold.sentAt);
        assertEquals(4, cold.answered.size());
        assertEquals(1, cold.closes, "closed once, at its deadline");
    }

    @Test
    void anAnswerToAPartAlreadyDoneIsDropped() {
        JumpingTime time = new JumpingTime();
        BlockingQueue<Fetch> queue = new LinkedBlockingQueue<>();
        FakePart hot = new FakePart(queue, "h-", 3, 1, 0, 1_000, false); // three answers come, one is wanted
        FakePart cold = new FakePart(queue, "c-", 4, 4, 0, 1_000, false);

        PartLoop.run(time, queue, List.of(hot, cold));

        assertEquals(List.of(hot.copies.get(0)), hot.answered, "the two answers after the one wanted came to a part done: dropped");
        assertEquals(4, cold.answered.size());
        assertTrue(queue.isEmpty());
    }
}
