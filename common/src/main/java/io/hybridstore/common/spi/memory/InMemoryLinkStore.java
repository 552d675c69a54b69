package io.hybridstore.common.spi.memory;

import io.hybridstore.common.links.SigningKey;
import io.hybridstore.common.spi.LinkStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The link store in memory; a revocation expires on the given clock, as the etcd adapter's lease does. */
public final class InMemoryLinkStore implements LinkStore {

    private final Clock clock;
    private final Map<String, SigningKey> keys = new LinkedHashMap<>();
    private final Map<String, Long> revoked = new HashMap<>();

    public InMemoryLinkStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<SigningKey> signingKeys() {
        return new ArrayList<>(keys.values());
    }

    @Override
    public synchronized boolean addSigningKey(SigningKey key) {
        return keys.putIfAbsent(key.kid(), key) == null;
    }

    @Override
    public synchronized boolean removeSigningKey(String kid) {
        return keys.remove(kid) != null;
    }

    @Override
    public synchronized void revoke(String linkId, long expiresAtMillis) {
        revoked.put(linkId, expiresAtMillis);
    }

    @Override
    public synchronized boolean isRevoked(String linkId) {
        revoked.values().removeIf(until -> until < clock.millis());
        return revoked.containsKey(linkId);
    }

    /** Revocations still kept (tests check that they clean themselves). */
    public synchronized int revocations() {
        revoked.values().removeIf(until -> until < clock.millis());
        return revoked.size();
    }
}
