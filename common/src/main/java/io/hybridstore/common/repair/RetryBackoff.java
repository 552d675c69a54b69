package io.hybridstore.common.repair;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential backoff per object key after failed repairs, on the injected clock: a repair that
 * keeps failing (a bad source, a full node) is retried on later passes, less and less often,
 * instead of burning every pass. Holds only keys that failed and not since succeeded.
 */
public final class RetryBackoff {

    private record Entry(int failures, long notBeforeMillis) {
    }

    private final Duration base;
    private final Duration max;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public RetryBackoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    public boolean allowed(String key, long nowMillis) {
        Entry e = entries.get(key);
        return e == null || nowMillis >= e.notBeforeMillis;
    }

    public void failed(String key, long nowMillis) {
        entries.compute(key, (k, e) -> {
            int failures = e == null ? 1 : e.failures + 1;
            return new Entry(failures, nowMillis + delayMillis(failures));
        });
    }

    public void succeeded(String key) {
        entries.remove(key);
    }

    public int failures(String key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.failures;
    }

    long delayMillis(int failures) {
        int shift = Math.min(failures - 1, 30);
        long delay = base.toMillis() << shift;
        return delay < 0 || delay > max.toMillis() ? max.toMillis() : delay;
    }
}
