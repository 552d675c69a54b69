package io.hybridstore.common.tracker;

import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of a write whose copies are all sent at once: the write answers once every copy
 * answered or its answer deadline passed, and the copies unanswered then are pending (the
 * stragglers); it settles once every copy answered or its node deadline passed, and the
 * stragglers still unanswered then are given up. It deals in copies, not in how they are sent:
 * one request per copy or one request per node carrying several copies looks the same here.
 *
 * <p>Pure, in the manner of Ambry's {@code OperationTracker}: told what answered and given the
 * time. Not thread-safe: one caller at a time drives it.
 *
 * @param <C> a copy being written; copies must be distinct
 */
public final class WriteTracker<C> {

    /** Where one copy stands. */
    public enum Status {
        /** Sent, no answer yet. */
        PENDING,
        /** The node acknowledged it. */
        STORED,
        /** The node answered with an error. */
        FAILED,
        /** No answer by the node deadline: the caller cancels the request. */
        GIVEN_UP
    }

    private final List<C> copies;
    private final Status[] status;
    private final long answerDeadline;
    private final long nodeDeadline;
    private int answered;

    /**
     * @param copies            every copy of the write, all sent at {@code startNanos}
     * @param answerTimeoutNanos how long the write waits before answering with the rest pending
     * @param nodeTimeoutNanos  how long any copy may take at all (at least the answer timeout)
     */
    public WriteTracker(List<C> copies, long startNanos, long answerTimeoutNanos, long nodeTimeoutNanos) {
        if (!Distinct.all(copies)) {
            throw new IllegalArgumentException("copies must be distinct: " + copies);
        }
        this.copies = List.copyOf(copies);
        this.status = new Status[copies.size()];
        java.util.Arrays.fill(status, Status.PENDING);
        this.nodeDeadline = startNanos + nodeTimeoutNanos;
        this.answerDeadline = Math.min(nodeDeadline, startNanos + answerTimeoutNanos);
    }

    /** The write's plan from {@code timeouts}, its largest copy {@code largestBytes} long. */
    public static <C> WriteTracker<C> of(List<C> copies, long startNanos, NodeTimeouts timeouts, long largestBytes) {
        return new WriteTracker<>(copies, startNanos, timeouts.answerNanos(largestBytes), timeouts.nodeNanos(largestBytes));
    }

    /**
     * {@code copy} answered: stored or failed. An answer after the copy was given up changes
     * nothing (its request was cancelled; the write already counts it as not stored).
     */
    public void onAnswer(C copy, boolean stored) {
        int i = copies.indexOf(copy);
        if (i < 0) {
            throw new IllegalArgumentException("not a copy of this write: " + copy);
        }
        if (status[i] == Status.PENDING) {
            status[i] = stored ? Status.STORED : Status.FAILED;
            answered++;
        }
    }

    /** Whether the write may answer now (every copy answered, or the answer deadline passed). */
    public boolean answerDue(long now) {
        return answered == copies.size() || now >= answerDeadline;
    }

    /**
     * Whether the write is settled now (every copy answered, or the node deadline passed); at the
     * node deadline every copy still pending is given up.
     */
    public boolean settled(long now) {
        if (answered < copies.size() && now >= nodeDeadline) {
            for (int i = 0; i < status.length; i++) {
                if (status[i] == Status.PENDING) {
                    status[i] = Status.GIVEN_UP;
                    answered++;
                }
            }
        }
        return answered == copies.size();
    }

    public Status status(C copy) {
        return status[copies.indexOf(copy)];
    }

    /** Copies with {@code wanted} status, in the order the write listed them. */
    public List<C> with(Status wanted) {
        List<C> out = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            if (status[i] == wanted) {
                out.add(copies.get(i));
            }
        }
        return out;
    }

    public long answerDeadline() {
        return answerDeadline;
    }

    public long nodeDeadline() {
        return nodeDeadline;
    }
}
