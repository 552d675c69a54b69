package io.hybridstore.gateway.write;

import io.hybridstore.gateway.blob.ByteBudget;

/**
 * One upload's shares of the gateway's write budget: one stripe's shard arrays (k+m of them) per
 * stripe it reads or has on the wire. Ten S3 parts at once each held two stripes of arrays, 120 MiB
 * in the local cluster's 256 MiB heap, which the old generation could not keep, and the gateway spent
 * seconds per GiB in full collections (docs/benchmarks.md, issue 16).
 *
 * <p>No upload waits while it holds a share, so uploads cannot deadlock on the budget: the first
 * two stripes (read before anything is sent, to tell a small blob from a striped one) are taken
 * together, and an upload that finds no share free for its next stripe first settles the stripes it
 * has on the wire, giving theirs back ({@link #next}). When even two stripes are more than the whole
 * budget, the upload takes the whole budget once and runs alone.
 *
 * <p>Used by one upload's thread only.
 */
final class StripeShares implements AutoCloseable {

    /** What the upload does to give back its shares before it waits: settle every stripe on the wire. */
    interface Settler {
        void settleAll();
    }

    private final ByteBudget budget;
    private final int perStripe;
    private final boolean alone;
    private int held;

    StripeShares(ByteBudget budget, long stripeBytes) {
        this.budget = budget;
        this.perStripe = budget.permitsFor(stripeBytes);
        this.alone = 2L * perStripe > budget.total();
    }

    /** Takes the shares of the first two stripes together, holding none yet. */
    void first() {
        if (alone) {
            budget.acquire(budget.total(), "write stripes");
            held = budget.total();
        } else {
            budget.acquire(2 * perStripe, "write stripes");
            held = 2 * perStripe;
        }
    }

    /**
     * The share of one more stripe: at once when it is free, else after {@code settler} has settled
     * this upload's stripes on the wire (each gives its share back through {@link #done}).
     */
    void next(Settler settler) {
        if (alone) {
            return;
        }
        if (!budget.tryAcquire(perStripe)) {
            settler.settleAll();
            budget.acquire(perStripe, "write stripes");
        }
        held += perStripe;
    }

    /** A stripe is settled (or was never read): its share goes back. */
    void done() {
        if (!alone && held >= perStripe) {
            held -= perStripe;
            budget.release(perStripe);
        }
    }

    /** Whatever is still held goes back: the upload ended, well or not. */
    @Override
    public void close() {
        if (held > 0) {
            budget.release(held);
            held = 0;
        }
    }
}
