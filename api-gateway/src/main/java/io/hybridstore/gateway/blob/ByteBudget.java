package io.hybridstore.gateway.blob;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bytes of stripes a gateway holds at once for one kind of work (downloads fetching, uploads
 * reading and writing), shared by all requests of that kind. Takers are served in the order they
 * asked (fair), so a large share is not overtaken forever by small ones. A share larger than the
 * whole budget takes the whole budget: it runs alone rather than never.
 */
public final class ByteBudget {

    /** Permits are counted in KiB: a {@link Semaphore} counts ints, and 2^31 KiB is more than any heap. */
    private static final long UNIT = 1024;

    private final Semaphore permits;
    private final int total;

    /** @param bytes the most bytes held at once, at least 1 KiB */
    public ByteBudget(long bytes) {
        if (bytes < UNIT) {
            throw new IllegalArgumentException("a byte budget must be at least " + UNIT + " bytes, not " + bytes);
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, bytes / UNIT);
        this.permits = new Semaphore(total, true);
    }

    /** No bound worth the name: every share is granted at once (tests that are not about the budget). */
    public static ByteBudget unbounded() {
        return new ByteBudget(Long.MAX_VALUE);
    }

    /** The permits a share of {@code bytes} takes: its KiB, rounded up, and at most the whole budget (so it runs alone rather than never). */
    public int permitsFor(long bytes) {
        return (int) Math.min(total, Math.max(1, (bytes + UNIT - 1) / UNIT));
    }

    /** All the permits there are. */
    public int total() {
        return total;
    }

    /**
     * Waits until {@code permits} are free and takes them; an interrupt while waiting (the request
     * was given up) is UNAVAILABLE, and nothing is taken.
     */
    public void acquire(int permits, String what) {
        try {
            this.permits.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted waiting for the gateway's budget to " + what, e);
        }
    }

    /** Takes {@code permits} if they are free right now and no one waits before; false, and nothing taken, if not. */
    public boolean tryAcquire(int permits) {
        try {
            return this.permits.tryAcquire(permits, 0, TimeUnit.SECONDS); // the timed form keeps the order; the untimed one barges
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void release(int permits) {
        this.permits.release(permits);
    }

    /** The bytes free right now (the budget rounded down to whole KiB when nothing is held). */
    public long freeBytes() {
        return permits.availablePermits() * UNIT;
    }

    /** Takers waiting right now (an estimate, for tests and metrics). */
    public int waiting() {
        return permits.getQueueLength();
    }
}
