package io.hybridstore.common.repair;

import java.time.Clock;

/**
 * Token bucket over bytes per second with a one-second burst, on the injected clock. {@link #reserve}
 * is pure arithmetic (how long to wait); {@link #acquire} sleeps that long. Repairs call it before
 * every read and write so that healing never takes more than its share of the nodes' bandwidth.
 */
public final class ByteRateLimiter {

    private final long bytesPerSecond;
    private final Clock clock;
    private double available;
    private long lastMillis;

    /** @param bytesPerSecond 0 = unlimited */
    public ByteRateLimiter(long bytesPerSecond, Clock clock) {
        this.bytesPerSecond = bytesPerSecond;
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

    public void acquire(long bytes) throws InterruptedException {
        long wait = reserve(bytes);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
