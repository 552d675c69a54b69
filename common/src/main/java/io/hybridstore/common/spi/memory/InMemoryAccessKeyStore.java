package io.hybridstore.common.spi.memory;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.AccessKeyGenerator;
import io.hybridstore.common.spi.AccessKeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The access keys in memory: wiring tests and the in-memory gateway. */
public final class InMemoryAccessKeyStore implements AccessKeyStore {

    private final AccessKeyGenerator generator;
    private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();

    public InMemoryAccessKeyStore() {
        this(AccessKeyGenerator.system());
    }

    public InMemoryAccessKeyStore(AccessKeyGenerator generator) {
        this.generator = generator;
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    @Override
    public AccessKey create(String owner) {
        AccessKeyGenerator.validateOwner(owner);
        while (true) {
            AccessKey key = generator.next(owner);
            if (keys.putIfAbsent(key.id(), key) == null) {
                return key;
            }
        }
    }

    @Override
    public List<AccessKey> list() {
        return keys.values().stream().sorted(Comparator.comparing(AccessKey::id)).toList();
    }

    @Override
    public boolean revoke(String accessKeyId) {
        return keys.remove(accessKeyId) != null;
    }
}
