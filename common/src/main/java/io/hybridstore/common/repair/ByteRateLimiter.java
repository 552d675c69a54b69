package io.hybridstore.common.repair;

import java.time.Clock;

/**
 * Token bucket over bytes per second with a one-second burst, on the injected clock. {@link #reserve}
 * is pure arithmetic (how long to wait); {@link #acquire} sleeps that long. Repairs call it before
 * every read and write so that healing never takes more than its share of the nodes' bandwidth.
 *
 * <p>Each chunk also counts {@code chunkCost} bytes beside its own size: what a chunk costs the
 * cluster whatever its size (its share of a request, an index entry, a metadata commit, the CPU of all
 * of them). Why: a document's repair moves ~3 KiB, so bytes alone never paced a heal of documents (a
 * whole node's, ~5 MB/s, under the 50-MB/s budget), and it took all the CPU the clients left it (the
 * model of Ceph's mClock, whose cost of an I/O is its bytes plus a fixed cost per I/O).
 */
public final class ByteRateLimiter {

    private final long bytesPerSecond;
    private final long chunkCost;
    private final Clock clock;
    private double available;
    private long lastMillis;

    /** @param bytesPerSecond 0 = unlimited */
    public ByteRateLimiter(long bytesPerSecond, Clock clock) {
        this(bytesPerSecond, 0, clock);
    }

    /**
     * @param bytesPerSecond 0 = unlimited
     * @param chunkCost      bytes each chunk counts beside its size
     */
    public ByteRateLimiter(long bytesPerSecond, long chunkCost, Clock clock) {
        if (bytesPerSecond < 0 || chunkCost < 0) {
            throw new IllegalArgumentException("bytesPerSecond and chunkCost must not be negative");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.chunkCost = chunkCost;
        this.clock = clock;
        this.available = bytesPerSecond;
        this.lastMillis = clock.millis();
    }

    /** Takes {@code bytes} from the bucket (it may go negative) and returns the millis to wait first. */
    public synchronized long reserve(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.millis();
        available = Math.min(bytesPerSecond, available + (now - lastMillis) * bytesPerSecond / 1000.0);
        lastMillis = now;
        available -= bytes;
        return available >= 0 ? 0 : (long) Math.ceil(-available * 1000.0 / bytesPerSecond);
    }

    /** What {@code chunks} chunks of {@code bytes} together count against the budget. */
    public long cost(long bytes, int chunks) {
        return bytes + chunks * chunkCost;
    }

    /** Waits until one chunk of {@code bytes} may be read or written. */
    public void acquire(long bytes) throws InterruptedException {
        acquire(bytes, 1);
    }

    /** Waits until {@code chunks} chunks of {@code bytes} together may be read or written (a batch request). */
    public void acquire(long bytes, int chunks) throws InterruptedException {
        long wait = reserve(cost(bytes, chunks));
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
