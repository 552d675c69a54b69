package io.hybridstore.common.spi.memory;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import java.util.List;
import java.util.Optional;

/** Forwards every call to another store; a test overrides the one call it races or breaks. */
public class ForwardingMetadataStore implements MetadataStore {

    private final MetadataStore delegate;

    public ForwardingMetadataStore(MetadataStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Stored> get(String key) {
        return delegate.get(key);
    }

    @Override
    public boolean commitIfNewer(ObjectMetadata metadata) {
        return delegate.commitIfNewer(metadata);
    }

    @Override
    public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
        return delegate.compareAndSet(metadata, expectedRevision);
    }

    @Override
    public List<Stored> scan(String prefix, ScanStart start, int limit) {
        return delegate.scan(prefix, start, limit);
    }

    @Override
    public List<DirtyMark> dirty(int limit) {
        return delegate.dirty(limit);
    }
}
