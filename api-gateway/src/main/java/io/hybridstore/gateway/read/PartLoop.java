package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.spi.TimeSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * The tracker loops of one or two parts, driven on the calling thread over one queue of answers: each
 * part not yet done sends what its tracker wants now, the thread waits for the next answer or the
 * earliest of the parts' deadlines, and hands the answer to the part that asked for it.
 *
 * <p>Why one thread for both parts of a document: the cold part read on a virtual thread of its own,
 * started, parked and woken on every read while the request's thread waited for the hot part and then
 * for it (docs/benchmarks.md, session 32). Each part's decisions stay in its tracker, its checks in its
 * reader; only the waiting is shared.
 */
final class PartLoop {

    /** One part's read as steps: its tracker, its round of fetches, what it does with an answer. */
    interface Part {

        /** Starts the fetches the tracker wants at {@code now}. */
        void send(long now);

        /** The tracker is done: the part is read, or given up. */
        boolean done(long now);

        /** When to wake up at the latest for this part if no answer comes. */
        long deadline();

        /** Whether this part asked for {@code location} (its answers are its own). */
        boolean asked(ChunkLocation location);

        /** An answer to one of this part's fetches. */
        void answer(Fetch answer);

        /** Done without its bytes in a way that fails the document whatever the other part does. */
        boolean failed();

        /** Cancels this part's fetches still in flight (once done; may be called again). */
        void close();
    }

    private PartLoop() {
    }

    /**
     * Runs {@code parts} until each is done, or one has {@link Part#failed}; each part's fetches still
     * in flight are cancelled as soon as it is done. Answers to a part already done are dropped.
     */
    static void run(TimeSource time, BlockingQueue<Fetch> answers, List<? extends Part> parts) {
        try (TimeSource.Poller<Fetch> poller = time.poller(answers, Fetch.WAKE)) {
            run(time, poller, parts);
        }
    }

    private static void run(TimeSource time, TimeSource.Poller<Fetch> answers, List<? extends Part> parts) {
        int n = parts.size();
        boolean[] finished = new boolean[n];
        int open = n;
        long now = time.nanoTime();
        while (true) {
            long deadline = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (finished[i]) {
                    continue;
                }
                Part part = parts.get(i);
                if (part.done(now)) {
                    finished[i] = true;
                    open--;
                    part.close();
                    if (part.failed()) {
                        return;
                    }
                    continue;
                }
                part.send(now);
                deadline = Math.min(deadline, part.deadline());
            }
            if (open == 0) {
                return;
            }
            Fetch answer = next(answers, deadline);
            now = time.nanoTime();
            if (answer == null) {
                continue; // a hedge or a round's deadline is due
            }
            for (int i = 0; i < n; i++) {
                Part part = parts.get(i);
                if (part.asked(answer.location())) {
                    if (!finished[i]) {
                        part.answer(answer);
                    }
                    break;
                }
            }
        }
    }

    private static Fetch next(TimeSource.Poller<Fetch> answers, long deadlineNanos) {
        try {
            // Woken by an answer or by the timer's WAKE at the deadline, not by a timed park (common.time.Timeouts: why);
            // one alarm for as long as the deadline stays (a round's answers one after another).
            return answers.poll(deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted reading chunks", e);
        }
    }
}
