package io.hybridstore.gateway.read;

import io.hybridstore.gateway.blob.ByteBudget;
import java.util.function.Supplier;

/**
 * Bounds the bytes of blob stripes being fetched from the nodes at once, by all the downloads of a
 * gateway together. Each download still reads {@code read-ahead} stripes ahead of its client, but ten
 * downloads at once (aws-cli's ten ranged GETs of 8 MiB) put ten times as many stripes in flight:
 * in the 256 MiB heap of a local cluster the shards arriving at once outgrew the young generation,
 * and a read of 256 MiB in such ranges cost 4-5 full collections and 1.2 s of GC pauses where the
 * whole read cost none and 0.05 s (docs/benchmarks.md, issue 16).
 *
 * <p>A fetch holds its share only while it reads from the nodes, which the node timeouts bound; not
 * while its stripe waits for a slow client. So a client that stops reading never holds the budget, and
 * a fetch waiting for it waits only for other fetches. Fetches start in the order they asked (fair),
 * so a download's next stripe, asked for before its read-ahead, is not overtaken by it.
 */
final class FetchBudget {

    private final ByteBudget budget;

    /** @param bytes the most stripe bytes fetched at once; a stripe larger than this is fetched alone */
    FetchBudget(long bytes) {
        this.budget = new ByteBudget(bytes);
    }

    /** No bound: every fetch starts at once (tests that are not about the budget). */
    static FetchBudget unbounded() {
        return new FetchBudget(Long.MAX_VALUE);
    }

    /**
     * Runs {@code fetch} of a stripe of {@code bytes} once that much of the budget is free, then frees
     * it, whether the fetch returned or threw. An interrupt while waiting (the download was given up)
     * is UNAVAILABLE, and nothing is held.
     */
    <T> T fetch(long bytes, Supplier<T> fetch) {
        int permits = budget.permitsFor(bytes);
        budget.acquire(permits, "fetch a stripe");
        try {
            return fetch.get();
        } finally {
            budget.release(permits);
        }
    }

    /** The bytes free right now (the budget rounded down to whole KiB when nothing is fetched). */
    long freeBytes() {
        return budget.freeBytes();
    }

    /** Fetches waiting for the budget right now (an estimate, for tests and metrics). */
    int waiting() {
        return budget.waiting();
    }
}
