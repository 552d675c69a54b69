package io.hybridstore.common.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derives the SigV4 signing key (four HMACs from the secret, the day, the region and the service)
 * and keeps the most recent ones: a key signs every request of a day, and every chunk of a
 * streaming upload, so deriving it once per day instead of once per request saves four HMACs each.
 * Keyed by the secret itself, not only the key id, so a key that were ever re-created with a new
 * secret could not be verified against the old one.
 */
public final class SigningKeys {

    private final int capacity;
    private final Map<CacheKey, byte[]> cache;

    public SigningKeys(int capacity) {
        this.capacity = capacity;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, byte[]> eldest) {
                return size() > SigningKeys.this.capacity;
            }
        };
    }

    public byte[] key(String secret, Scope scope) {
        CacheKey entry = new CacheKey(secret, scope.date(), scope.region(), scope.service());
        synchronized (cache) {
            byte[] cached = cache.get(entry);
            if (cached != null) {
                return cached;
            }
        }
        byte[] key = derive(secret, scope);
        synchronized (cache) {
            cache.put(entry, key);
        }
        return key;
    }

    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    static byte[] derive(String secret, Scope scope) {
        byte[] date = Hashes.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        byte[] region = Hashes.hmac(date, scope.region());
        byte[] service = Hashes.hmac(region, scope.service());
        return Hashes.hmac(service, Scope.TERMINATOR);
    }

    /** Holds a secret: its toString must not print it. */
    private record CacheKey(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return "SigningKeys.CacheKey[" + date + "/" + region + "/" + service + "]";
        }
    }
}
