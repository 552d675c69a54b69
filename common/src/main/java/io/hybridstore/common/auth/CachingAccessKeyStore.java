package io.hybridstore.common.auth;

import io.hybridstore.common.spi.AccessKeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps keys found in the store for a short time, so a signed request (and every S3 request is
 * one) costs no etcd read. The bound on how stale it may be is the bound on revocation: a key
 * revoked through another gateway still works here for at most {@code ttl}; revoked through this
 * one, at once. Unknown ids are not cached, so a key created elsewhere works immediately; the
 * price is an etcd read per request with an unknown key id (each answers 403 anyway).
 */
public final class CachingAccessKeyStore implements AccessKeyStore {

    /** Entries kept at most; beyond it the cache is cleared (keys are few; this bounds a flood of valid ids). */
    static final int MAX_ENTRIES = 10_000;

    private final AccessKeyStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public CachingAccessKeyStore(AccessKeyStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        long now = nanoTime.getAsLong();
        Entry entry = cache.get(accessKeyId);
        if (entry != null && now - entry.loadedAt < ttlNanos) {
            return Optional.of(entry.key);
        }
        Optional<AccessKey> found = store.find(accessKeyId);
        if (found.isPresent()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(accessKeyId, new Entry(found.get(), now));
        } else {
            cache.remove(accessKeyId);
        }
        return found;
    }

    @Override
    public AccessKey create(String owner) {
        return store.create(owner);
    }

    @Override
    public List<AccessKey> list() {
        return store.list();
    }

    @Override
    public boolean revoke(String accessKeyId) {
        cache.remove(accessKeyId);
        boolean revoked = store.revoke(accessKeyId);
        cache.remove(accessKeyId);
        return revoked;
    }

    private record Entry(AccessKey key, long loadedAt) {
    }
}
