package io.hybridstore.common.spi;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.ObjectMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Object metadata in etcd (the source of truth). Every write also maintains the dirty index in the
 * same transaction: a record in state DIRTY has a {@link DirtyMark}, any other state has none. So
 * the index can never disagree with the records it points at. The catalogue's secondary indexes
 * ({@link io.hybridstore.common.catalogue.IndexEntries}) are kept the same way: each write puts
 * and deletes the entries that turn the previous record's set into the new one's.
 */
public interface MetadataStore {

    /** The current record of {@code key} with its store revision (for compare-and-swap). */
    Optional<Stored> get(String key);

    /**
     * The revision {@link #get} would return for {@code key}'s record ({@link Stored#revision}), read
     * without the record (etcd: a keys-only read, no value sent or decoded); empty when it has none.
     * As current as {@link #get}: a write that has returned is seen. A cache of decoded records serves
     * an entry only while its key is still at the entry's revision. This default reads the record.
     */
    default OptionalLong revision(String key) {
        return get(key).map(stored -> OptionalLong.of(stored.revision())).orElse(OptionalLong.empty());
    }

    /**
     * Applies {@code metadata} only if no record exists or the stored one has an older
     * {@link io.hybridstore.common.model.Version}. Returns true when applied; false means a newer (or
     * the same) version is already committed and this write lost the race, which is not an error.
     */
    boolean commitIfNewer(ObjectMetadata metadata);

    /**
     * Applies {@code metadata} only if {@code key} has no record at all (a tombstone is a record), in
     * one atomic step: a write that planned without reading its key (guessing it new) commits so.
     * False when the key has a record, whatever its version: the caller then reads it and plans
     * again (labels to carry, parts to reuse, versions to compare), as a write that had read it would.
     */
    boolean commitIfAbsent(ObjectMetadata metadata);

    /**
     * {@link #commitIfNewer(ObjectMetadata)} given the caller's own recent read of the key
     * ({@code basis}, empty when there was no record): an adapter may trust it for its first attempt
     * and skip reading the key again; a stale basis only costs that attempt, never correctness.
     */
    default boolean commitIfNewer(ObjectMetadata metadata, Optional<Stored> basis) {
        return commitIfNewer(metadata);
    }

    /**
     * {@link #commitIfNewer(ObjectMetadata, Optional)} that applies only while {@code guard} holds,
     * checked in the same atomic step as the write. False when a newer version is committed or the
     * guard does not hold (the caller tells them apart by asking the guard's owner). This default
     * checks {@link CommitGuard.Held} guards; a store that compares keys (etcd) checks
     * {@link CommitGuard.KeyExists} in its transaction.
     */
    default boolean commitIfNewer(ObjectMetadata metadata, Optional<Stored> basis, CommitGuard guard) {
        if (guard instanceof CommitGuard.Held held) {
            return held.commitWhileHeld(() -> commitIfNewer(metadata, basis));
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot check " + guard);
    }

    /**
     * Replaces the record only if it is still at {@code expectedRevision} (the healer's and the
     * stragglers' update: a concurrent newer write wins and the caller re-plans).
     */
    boolean compareAndSet(ObjectMetadata metadata, long expectedRevision);

    /**
     * {@link #compareAndSet(ObjectMetadata, long)} over the record the caller read: an adapter may
     * use {@code expected} as the record it replaces (the usage delta and the previous index entries
     * come from it) instead of reading the key again. A stale one fails the guard exactly like a
     * stale revision, so it is exactly the record being replaced.
     */
    default boolean compareAndSet(ObjectMetadata metadata, Stored expected) {
        return compareAndSet(metadata, expected.revision());
    }

    /**
     * Several {@link #compareAndSet(ObjectMetadata, Stored)}s at once, each guarded on its own record
     * only: one that lost its race or failed does not stop the others. One result per swap, in the
     * order of {@code swaps}; the keys must be distinct. An adapter may commit them in a few round
     * trips (the healer commits a page of repairs so); this default does them one by one.
     */
    default List<SwapResult> compareAndSetAll(List<Swap> swaps) {
        List<SwapResult> results = new ArrayList<>(swaps.size());
        for (Swap swap : swaps) {
            try {
                results.add(SwapResult.of(compareAndSet(swap.metadata(), swap.expected())));
            } catch (RuntimeException e) {
                results.add(SwapResult.failed(e));
            }
        }
        return results;
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

    /**
     * The records of those {@code keys} that exist (tombstones included), in the order asked: how
     * a filtered listing reads the candidates an index walk found. One get each unless the
     * adapter batches them.
     */
    default List<Stored> getAll(List<String> keys) {
        List<Stored> found = new ArrayList<>(keys.size());
        for (String key : keys) {
            get(key).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Up to {@code limit} secondary index entries ({@link io.hybridstore.common.catalogue.IndexKeys},
     * relative to the index prefix) starting with {@code prefix}, from {@code start} on, in key
     * order; keys only. Every record write keeps them in its own transaction
     * ({@link io.hybridstore.common.catalogue.IndexEntries}).
     */
    default List<String> indexEntries(String prefix, ScanStart start, int limit) {
        // A default only so that stores written before the indexes (test doubles) still compile; etcd and the fake implement it.
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no secondary index");
    }

    /** Of {@code entries}, those present in the index. One read each unless the adapter batches them. */
    default Set<String> existingIndexEntries(Collection<String> entries) {
        Set<String> present = new HashSet<>();
        for (String entry : entries) {
            if (!indexEntries(entry, ScanStart.at(entry), 1).stream().filter(entry::equals).toList().isEmpty()) {
                present.add(entry);
            }
        }
        return present;
    }

    /**
     * Puts (empty value) and deletes index entries only while {@code key}'s record is still at
     * {@code expectedRevision} (0: while it has no record): the rebuild's repair, which computed
     * them from that very record and must not undo a write that came since. False when it changed.
     */
    default boolean repairIndex(String key, long expectedRevision, Collection<String> puts, Collection<String> deletes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no secondary index");
    }

    /** Up to {@code limit} entries of the dirty index, oldest key order. */
    List<DirtyMark> dirty(int limit);

    /** A record with the etcd mod-revision it was read at. */
    record Stored(ObjectMetadata metadata, long revision) {
    }

    /** One update of {@link #compareAndSetAll}: {@code metadata} replaces {@code expected} if that is still the record. */
    record Swap(ObjectMetadata metadata, Stored expected) {
    }

    /**
     * What became of one {@link Swap}: applied, lost to a newer write ({@code applied} false), or
     * failed ({@code failure} set: etcd did not answer, say, and then it may or may not have applied;
     * repeated, an applied swap only loses its race).
     */
    record SwapResult(boolean applied, RuntimeException failure) {
        public static SwapResult of(boolean applied) {
            return new SwapResult(applied, null);
        }

        public static SwapResult failed(RuntimeException failure) {
            return new SwapResult(false, java.util.Objects.requireNonNull(failure, "failure"));
        }
    }

    /**
     * A key with stripe pages stored ({@code RecordCodec}), as the healer's page sweep sees it.
     *
     * @param cursor     where the next {@link #pageOwners} read resumes
     * @param putAtMillis when a write last put pages for the key (the sweep leaves younger ones to their writes)
     */
    record PageOwner(String cursor, String key, long putAtMillis) {
    }

    /**
     * Up to {@code limit} keys with stripe pages stored, after {@code afterCursor} (null: from the
     * first): those of paged records, and those a writer left when it died between putting the pages
     * and its commit. None in a store that keeps no pages apart from the record.
     */
    default List<PageOwner> pageOwners(String afterCursor, int limit) {
        return List.of();
    }

    /**
     * Deletes the stripe pages of {@code key} its current record does not name (all of them when it
     * has none), in one step with a check that the record is unchanged: a write racing the sweep finds
     * a page it needs gone and tries again. Returns how many pages went.
     */
    default int sweepPages(String key) {
        return 0;
    }
}
