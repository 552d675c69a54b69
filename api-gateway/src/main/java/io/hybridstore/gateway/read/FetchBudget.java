package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.concurrent.Semaphore;
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

    /** Permits are counted in KiB: a {@link Semaphore} counts ints, and 2^31 KiB is more than any heap. */
    private static final long UNIT = 1024;

    private final Semaphore permits;
    private final int total;

    /** @param bytes the most stripe bytes fetched at once; a stripe larger than this is fetched alone */
    FetchBudget(long bytes) {
        if (bytes < UNIT) {
            throw new IllegalArgumentException("a fetch budget must be at least " + UNIT + " bytes, not " + bytes);
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, bytes / UNIT);
        this.permits = new Semaphore(total, true);
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
        int n = permitsFor(bytes);
        try {
            permits.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted waiting to fetch a stripe", e);
        }
        try {
            return fetch.get();
        } finally {
            permits.release(n);
        }
    }

    /** The bytes free right now (the budget rounded down to whole KiB when nothing is fetched). */
    long freeBytes() {
        return permits.availablePermits() * UNIT;
    }

    /** Fetches waiting for the budget right now (an estimate, for tests and metrics). */
    int waiting() {
        return permits.getQueueLength();
    }

    /** A stripe's share: its size in KiB, rounded up; at most the whole budget, so a stripe larger than it runs alone. */
    private int permitsFor(long bytes) {
        return (int) Math.min(total, Math.max(1, (bytes + UNIT - 1) / UNIT));
    }
}
