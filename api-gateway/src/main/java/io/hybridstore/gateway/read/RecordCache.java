package io.hybridstore.gateway.read;

import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * cheap to decode). Bounded by entries and by an estimate of the records' bytes, least recently used
 * out first; a record larger than the byte bound is not kept.
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
    private final Bounds bounds;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true); // access order: eldest is least recent
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public RecordCache(MetadataStore store, Bounds bounds) {
        this.store = store;
        this.bounds = bounds;
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
    public synchronized int size() {
        return entries.size();
    }

    /** Estimated bytes of the records held now. */
    public synchronized long bytes() {
        return bytes;
    }

    private synchronized Entry cached(String key) {
        return entries.get(key);
    }

    private void keep(Stored stored) {
        ObjectMetadata m = stored.metadata();
        if (m.deleted() || !m.holdsBlob() || !m.blob().striped()) {
            forget(m.key());
            return;
        }
        long size = estimate(m);
        synchronized (this) {
            if (size > bounds.bytes() || bounds.entries() == 0) {
                return;
            }
            Entry previous = entries.get(m.key());
            if (previous != null && previous.stored.revision() > stored.revision()) {
                return; // a concurrent open kept a newer one: leave it
            }
            put(m.key(), new Entry(stored, size));
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            while (entries.size() > bounds.entries() || bytes > bounds.bytes()) {
                bytes -= eldest.next().getValue().bytes;
                eldest.remove();
            }
        }
    }

    private synchronized void forget(String key) {
        put(key, null);
    }

    /** Puts or (null) removes {@code key}'s entry, keeping the byte count; called holding the lock. */
    private void put(String key, Entry entry) {
        Entry previous = entry == null ? entries.remove(key) : entries.put(key, entry);
        bytes += (entry == null ? 0 : entry.bytes) - (previous == null ? 0 : previous.bytes);
    }

    static long estimate(ObjectMetadata m) {
        long size = RECORD_BYTES;
        for (ColdPart stripe : m.stripes()) {
            size += STRIPE_BYTES + SHARD_BYTES * stripe.shards().size();
        }
        return size;
    }
}
