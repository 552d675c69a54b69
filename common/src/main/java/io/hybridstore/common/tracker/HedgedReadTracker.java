package io.hybridstore.common.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The decisions of a hedged read of one chunk that has several equal copies: ask the first copy;
 * ask the next one as well when the copy asked last has not answered within its hedge delay, or at
 * once when nothing is in flight (every copy asked so far failed); finish at the first good answer,
 * when every copy failed, or at the deadline.
 *
 * <p>Pure, in the manner of Ambry's {@code OperationTracker}: it is told what was sent and what
 * answered and is given the time; the caller sends, waits (until {@link #nextDeadline()}) and
 * cancels what is still in flight when {@link #done} says so. Not thread-safe: one caller drives it.
 *
 * @param <C> a copy to ask (a location, a node id); copies must be distinct
 */
public final class HedgedReadTracker<C> {

    private final List<C> order;
    private final ToLongFunction<C> hedgeDelayNanos;
    private final long deadline;
    private final boolean[] answered;
    private int sent;
    private int failed;
    private long lastSentAt;
    private C winner;

    /**
     * @param order           the copies, best first
     * @param hedgeDelayNanos how long to wait for a copy before asking the next one too
     * @param startNanos      now
     * @param timeoutNanos    how long the whole read may take
     */
    public HedgedReadTracker(List<C> order, ToLongFunction<C> hedgeDelayNanos, long startNanos, long timeoutNanos) {
        if (!Distinct.all(order)) {
            throw new IllegalArgumentException("copies must be distinct: " + order);
        }
        this.order = List.copyOf(order);
        this.hedgeDelayNanos = hedgeDelayNanos;
        this.deadline = startNanos + timeoutNanos;
        this.answered = new boolean[order.size()];
    }

    /** The copy to ask now, if any; the caller must send it (the tracker counts it as in flight). */
    public List<C> toSend(long now) {
        if (done(now) || sent == order.size()) {
            return List.of();
        }
        boolean idle = failed == sent;
        if (idle || now - lastSentAt >= hedgeDelayNanos.applyAsLong(order.get(sent - 1))) {
            lastSentAt = now;
            return List.of(order.get(sent++));
        }
        return List.of();
    }

    /** {@code copy} answered: {@code good} if its bytes are the ones wanted (verified by the caller). */
    public void onAnswer(C copy, boolean good) {
        int i = order.indexOf(copy);
        if (i < 0 || i >= sent || answered[i]) {
            throw new IllegalArgumentException("no request to " + copy + " is in flight");
        }
        answered[i] = true;
        if (good && winner == null) {
            winner = copy;
        } else if (!good) {
            failed++;
        }
    }

    public boolean done(long now) {
        return winner != null || failed == order.size() || now >= deadline;
    }

    /** The copy whose good answer finished the read, or null. */
    public C winner() {
        return winner;
    }

    /** Done without a good answer while some copy was still unanswered: the deadline passed. */
    public boolean timedOut(long now) {
        return winner == null && failed < order.size() && now >= deadline;
    }

    /** When the caller must wake up at the latest if no answer arrives: the next hedge, or the deadline. */
    public long nextDeadline() {
        if (sent == 0 || sent == order.size() || failed == sent) {
            return deadline;
        }
        return Math.min(deadline, lastSentAt + hedgeDelayNanos.applyAsLong(order.get(sent - 1)));
    }

    /** Copies asked and not answered yet: the ones to cancel once done. */
    public List<C> inFlight() {
        List<C> out = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            if (!answered[i]) {
                out.add(order.get(i));
            }
        }
        return out;
    }
}
