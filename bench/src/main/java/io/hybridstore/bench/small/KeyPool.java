package io.hybridstore.bench.small;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Keys whose write was acknowledged, for the reads to pick from; shared by every client, lock-free. */
final class KeyPool {
    private final AtomicReferenceArray<String> keys;
    private final AtomicInteger size = new AtomicInteger();

    KeyPool(int capacity) {
        keys = new AtomicReferenceArray<>(capacity);
    }

    /** Adds {@code key}; past capacity the newest keys are simply not kept (reads still have plenty). */
    void add(String key) {
        int at = size.getAndIncrement();
        if (at < keys.length()) {
            keys.set(at, key);
        } else {
            size.decrementAndGet();
        }
    }

    int size() {
        return Math.min(size.get(), keys.length());
    }

    /** A random acknowledged key, or null while there is none. */
    String any(SplittableRandom random) {
        int n = size();
        if (n == 0) {
            return null;
        }
        String key = keys.get(random.nextInt(n));
        return key != null ? key : keys.get(0); // a slot claimed but not yet filled: fall back to the first
    }
}
