package io.hybridstore.common.spi.memory;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MetadataStore;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
    public OptionalLong revision(String key) {
        return delegate.revision(key);
    }

    @Override
    public boolean commitIfNewer(ObjectMetadata metadata) {
        return delegate.commitIfNewer(metadata);
    }

    @Override
    public boolean commitIfNewer(ObjectMetadata metadata, Optional<Stored> basis, CommitGuard guard) {
        return delegate.commitIfNewer(metadata, basis, guard);
    }

    @Override
    public boolean commitIfAbsent(ObjectMetadata metadata) {
        return delegate.commitIfAbsent(metadata);
    }

    @Override
    public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
        return delegate.compareAndSet(metadata, expectedRevision);
    }

    @Override
    public List<Stored> scan(String prefix, ScanStart start, int limit) {
        return delegate.scan(prefix, start, limit);
    }

    // compareAndSet(ObjectMetadata, Stored) is left to its default on purpose: it calls
    // compareAndSet(ObjectMetadata, long), so a test that overrides that one sees every CAS.

    @Override
    public List<Stored> getAll(List<String> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public List<String> indexEntries(String prefix, ScanStart start, int limit) {
        return delegate.indexEntries(prefix, start, limit);
    }

    @Override
    public java.util.Set<String> existingIndexEntries(java.util.Collection<String> entries) {
        return delegate.existingIndexEntries(entries);
    }

    @Override
    public boolean repairIndex(String key, long expectedRevision, java.util.Collection<String> puts,
                               java.util.Collection<String> deletes) {
        return delegate.repairIndex(key, expectedRevision, puts, deletes);
    }

    @Override
    public List<DirtyMark> dirty(int limit) {
        return delegate.dirty(limit);
    }

    @Override
    public List<PageOwner> pageOwners(String afterCursor, int limit) {
        return delegate.pageOwners(afterCursor, limit);
    }

    @Override
    public int sweepPages(String key) {
        return delegate.sweepPages(key);
    }
}
