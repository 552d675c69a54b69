package io.hybridstore.common.tracker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The decisions of a read that needs {@code wanted} of several shards: ask the first {@code wanted}
 * candidates at once and keep that many requests going: each failure brings in the next candidate
 * (a spare). When a round's deadline passes with too few good answers, every candidate not asked
 * yet is asked and the deadline moves by one timeout; what is still in flight may yet answer. Done
 * when enough shards arrived, when nothing is in flight and no candidate is left, or at a deadline
 * with no candidate left (what is in flight then is given up).
 *
 * <p>Pure, in the manner of Ambry's {@code OperationTracker}: told what was sent and answered and
 * given the time. Not thread-safe: one caller drives it.
 *
 * @param <C> a shard to ask (a location); candidates must be distinct
 */
public final class SpareShardTracker<C> {

    private final Deque<C> unsent;
    private final int wanted;
    private final long timeoutNanos;
    private final Set<C> inFlight = new LinkedHashSet<>();
    private long deadline;
    private int good;

    /**
     * @param candidates   the shards in the order to ask them: the preferred ones first, then the spares
     * @param wanted       how many good shards end the read
     * @param startNanos   now
     * @param timeoutNanos how long one round may take
     */
    public SpareShardTracker(List<C> candidates, int wanted, long startNanos, long timeoutNanos) {
        if (!Distinct.all(candidates)) {
            throw new IllegalArgumentException("candidates must be distinct: " + candidates);
        }
        this.unsent = new ArrayDeque<>(candidates);
        this.wanted = wanted;
        this.timeoutNanos = timeoutNanos;
        this.deadline = startNanos + timeoutNanos;
    }

    /** The shards to ask now; the caller must send them all (the tracker counts them as in flight). */
    public List<C> toSend(long now) {
        if (done(now)) {
            return List.of();
        }
        List<C> out = new ArrayList<>();
        if (now >= deadline) {
            // Those in flight are slow: ask every spare and give the round one more timeout.
            out.addAll(unsent);
            unsent.clear();
            deadline = now + timeoutNanos;
        }
        while (good + inFlight.size() + out.size() < wanted && !unsent.isEmpty()) {
            out.add(unsent.poll());
        }
        inFlight.addAll(out);
        return out;
    }

    /** {@code shard} answered: {@code good} if its bytes passed every check the caller makes. */
    public void onAnswer(C shard, boolean good) {
        if (!inFlight.remove(shard)) {
            throw new IllegalArgumentException("no request to " + shard + " is in flight");
        }
        if (good) {
            this.good++;
        }
    }

    public boolean done(long now) {
        return succeeded() || unsent.isEmpty() && (inFlight.isEmpty() || now >= deadline);
    }

    public boolean succeeded() {
        return good >= wanted;
    }

    /** When the caller must wake up at the latest if no answer arrives. */
    public long nextDeadline() {
        return deadline;
    }

    /** Candidates never asked (the read ended before it needed them). */
    public List<C> unasked() {
        return List.copyOf(unsent);
    }

    /** Shards asked and not answered yet: the ones to cancel once done. */
    public List<C> inFlight() {
        return List.copyOf(inFlight);
    }
}
