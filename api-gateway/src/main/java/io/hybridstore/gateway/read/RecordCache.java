package io.hybridstore.gateway.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decoded records of striped blobs, each served again only while the store still answers its
 * revision for its key. Why: a client reading a blob in ranges (aws-cli: 128 ranges of 8 MiB for a
 * GiB) opens it once per range, and each open read and decoded the whole record (a GiB assembled from
 * parts: 256 stripes of 6 shards), a fifth of the gateway's Java samples in such a download
 * (docs/benchmarks.md, S3 part, session 19). A hit costs a keys-only read of the key's revision
 * instead. The revision read is as current as a get, so a GET after a PUT or DELETE that has returned
 * never sees the record it replaced; an entry at another revision is replaced by a fresh read.
 *
 * <p>Only striped blobs' records are kept (a replicated blob's or a document's record is small, and
 * cheap to decode). A Caffeine cache bounded by weight: an entry weighs its record's estimated bytes,
 * or a 1/entries share of the byte bound when that is more, so one bound holds both: at most
 * {@code entries} records (each weighs at least a share) and at most {@code bytes} estimated (each
 * weighs at least its estimate). A mix of small and large records may therefore keep somewhat fewer
 * than the two bounds apart would allow; never more. Which record goes first is Caffeine's choice
 * (W-TinyLFU: a record opened once does not push out one opened often; a blob read in ranges is
 * opened again at once, and kept from its second open on). A record larger than the byte bound is
 * not kept. Caffeine's upkeep (evictions) runs on the calling thread, not a pool: the cache is small,
 * and a test sees its bounds hold without waiting.
 */
public final class RecordCache {

    /** At most {@code entries} records of about {@code bytes} in all; no cache when either is 0. */
    public record Bounds(int entries, long bytes) {
        public static final Bounds NONE = new Bounds(0, 0);

        public Bounds {
            if (entries < 0 || bytes < 0) {
                throw new IllegalArgumentException("gateway.blob: record-cache-entries and record-cache-size must not be negative (were "
                        + entries + ", " + bytes + ")");
            }
        }
    }

    /** Estimated heap of a decoded record: the record itself, a stripe, and each shard's location, id, node and checksum. */
    static final long RECORD_BYTES = 512;
    static final long STRIPE_BYTES = 200;
    static final long SHARD_BYTES = 250;

    private record Entry(Stored stored, long bytes) {
    }

    private final MetadataStore store;
    private final long maxBytes;
    /** Null when the bounds keep nothing. */
    private final Cache<String, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public RecordCache(MetadataStore store, Bounds bounds) {
        this.store = store;
        this.maxBytes = bounds.bytes();
        if (bounds.entries() == 0 || bounds.bytes() == 0) {
            this.entries = null;
            return;
        }
        long share = Math.ceilDiv(bounds.bytes(), bounds.entries());
        this.entries = Caffeine.newBuilder()
                .maximumWeight(bounds.bytes())
                .weigher((String key, Entry e) -> (int) Math.min(Integer.MAX_VALUE, Math.max(e.bytes, share)))
                .executor(Runnable::run)
                .build();
    }

    /** {@code key}'s current record, as {@link MetadataStore#get} answers it. */
    public Optional<Stored> get(String key) {
        Entry cached = cached(key);
        if (cached != null) {
            OptionalLong current = store.revision(key);
            if (current.isPresent() && current.getAsLong() == cached.stored.revision()) {
                hits.increment();
                return Optional.of(cached.stored);
            }
        }
        misses.increment();
        Optional<Stored> fresh = store.get(key);
        fresh.ifPresentOrElse(this::keep, () -> forget(key));
        return fresh;
    }

    /** Reads served from the cache (a revision read each). */
    public long hits() {
        return hits.sum();
    }

    /** Reads of the whole record: not cached, or cached at another revision. */
    public long misses() {
        return misses.sum();
    }

    /** Records held now. */
    public int size() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }

    /** Estimated bytes of the records held now. */
    public long bytes() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.asMap().values().stream().mapToLong(Entry::bytes).sum();
    }

    private Entry cached(String key) {
        return entries == null ? null : entries.getIfPresent(key);
    }

    private void keep(Stored stored) {
        ObjectMetadata m = stored.metadata();
        if (m.deleted() || !m.holdsBlob() || !m.blob().striped()) {
            forget(m.key());
            return;
        }
        long size = estimate(m);
        if (entries == null || size > maxBytes) {
            return;
        }
        // A concurrent open may have kept a newer one: leave it.
        entries.asMap().merge(m.key(), new Entry(stored, size),
                (previous, fresh) -> previous.stored.revision() > fresh.stored.revision() ? previous : fresh);
    }

    private void forget(String key) {
        if (entries != null) {
            entries.invalidate(key);
        }
    }

    static long estimate(ObjectMetadata m) {
        long size = RECORD_BYTES;
        for (ColdPart stripe : m.stripes()) {
            size += STRIPE_BYTES + SHARD_BYTES * stripe.shards().size();
        }
        return size;
    }
}
