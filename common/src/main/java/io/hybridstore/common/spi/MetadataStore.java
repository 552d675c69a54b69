package io.hybridstore.common.spi;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Object metadata in etcd (the source of truth). Every write also maintains the dirty index in the
 * same transaction: a record in state DIRTY has a {@link DirtyMark}, any other state has none. So
 * the index can never disagree with the records it points at.
 */
public interface MetadataStore {

    /** The current record of {@code key} with its store revision (for compare-and-swap). */
    Optional<Stored> get(String key);

    /**
     * Applies {@code metadata} only if no record exists or the stored one has an older
     * {@link io.hybridstore.common.model.Version}. Returns true when applied; false means a newer (or
     * the same) version is already committed and this write lost the race, which is not an error.
     */
    boolean commitIfNewer(ObjectMetadata metadata);

    /**
     * {@link #commitIfNewer(ObjectMetadata)} given the caller's own recent read of the key
     * ({@code basis}, empty when there was no record): an adapter may trust it for its first attempt
     * and skip reading the key again; a stale basis only costs that attempt, never correctness.
     */
    default boolean commitIfNewer(ObjectMetadata metadata, Optional<Stored> basis) {
        return commitIfNewer(metadata);
    }

    /**
     * Replaces the record only if it is still at {@code expectedRevision} (the healer's and the
     * stragglers' update: a concurrent newer write wins and the caller re-plans).
     */
    boolean compareAndSet(ObjectMetadata metadata, long expectedRevision);

    /**
     * {@link #compareAndSet(ObjectMetadata, long)} over the record the caller read: an adapter may
     * use {@code expected} as the record it replaces (the usage delta needs it) instead of reading the
     * key again. A stale one fails the guard exactly like a stale revision.
     */
    default boolean compareAndSet(ObjectMetadata metadata, Stored expected) {
        return compareAndSet(metadata, expected.revision());
    }

    /** Up to {@code limit} records with keys strictly after {@code afterKey} (null = first page), in key order. */
    default List<Stored> scan(String afterKey, int limit) {
        return scan("", afterKey == null ? ScanStart.at("") : ScanStart.after(afterKey), limit);
    }

    /**
     * Up to {@code limit} records (tombstones included) whose keys start with {@code prefix}, from
     * {@code start} on, in {@link io.hybridstore.common.catalogue.KeyOrder} (etcd's byte order): one
     * range read, the ordered index every listing pages through.
     */
    List<Stored> scan(String prefix, ScanStart start, int limit);

    /** Up to {@code limit} entries of the dirty index, oldest key order. */
    List<DirtyMark> dirty(int limit);

    /** A record with the etcd mod-revision it was read at. */
    record Stored(ObjectMetadata metadata, long revision) {
    }
}
