package io.hybridstore.common.spi.memory;

import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.spi.BucketStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link BucketStore} in a map, for tests and the in-memory backend. */
public final class InMemoryBucketStore implements BucketStore {

    private final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>();

    @Override
    public boolean create(Bucket bucket) {
        return buckets.putIfAbsent(bucket.name(), bucket) == null;
    }

    @Override
    public Optional<Bucket> get(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    @Override
    public List<Bucket> list() {
        return List.copyOf(buckets.values());
    }

    @Override
    public boolean delete(String name) {
        return buckets.remove(name) != null;
    }
}
