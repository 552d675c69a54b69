package io.hybridstore.gateway.read;

import static io.hybridstore.gateway.Fixture.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.write.Timings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The record cache over the in-memory store, with the fixture's 1 KiB small blobs and 4 KiB stripes. */
class RecordCacheTest {

    private static final int STRIPE = 4096;
    private final Fixture f = new Fixture();
    private final CountingStore store = new CountingStore(f.metadata);

    /** The fixture's store, counting the whole-record reads and the revision reads made through it. */
    private static final class CountingStore extends ForwardingMetadataStore {
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger revisions = new AtomicInteger();

        CountingStore(MetadataStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<Stored> get(String key) {
            gets.incrementAndGet();
            return super.get(key);
        }

        @Override
        public OptionalLong revision(String key) {
            revisions.incrementAndGet();
            return super.revision(key);
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    private MetadataStore.Stored current(String name) {
        return f.metadata.get(name).orElseThrow();
    }

    @Test
    void theRangesOfOneBlobReadItsRecordOnceAndItsRevisionEachTime() {
        f.putBlob("b/k", randomBytes(20 * STRIPE, 1));
        RecordCache cache = new RecordCache(store, new RecordCache.Bounds(4, 1L << 20));
        int ranges = 128;
        for (int i = 0; i < ranges; i++) {
            assertEquals(current("b/k"), cache.get("b/k").orElseThrow(), "range " + i);
        }
        assertEquals(1, store.gets.get(), "the record read once");
        assertEquals(ranges - 1, store.revisions.get(), "every later open reads the revision alone");
        assertEquals(ranges - 1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void aPutOrDeleteThatHasReturnedIsSeenByTheNextRead() {
        RecordCache cache = new RecordCache(store, new RecordCache.Bounds(4, 1L << 20));
        f.putBlob("b/k", randomBytes(5 * STRIPE, 2));
        MetadataStore.Stored first = cache.get("b/k").orElseThrow();
        f.putBlob("b/k", randomBytes(7 * STRIPE, 3));
        MetadataStore.Stored second = cache.get("b/k").orElseThrow();
        assertEquals(current("b/k"), second, "the PUT's record");
        assertTrue(second.revision() > first.revision());
        assertEquals(7 * STRIPE, second.metadata().blob().size());
        assertEquals(second, cache.get("b/k").orElseThrow(), "then kept");
        MetadataStore.Stored before = current("b/k");
        assertTrue(f.metadata.compareAndSet(before.metadata(), before.revision()), "a repair's swap, same record at a new revision");
        assertEquals(current("b/k"), cache.get("b/k").orElseThrow());
        f.writes.delete("b/k", true, new Timings());
        assertTrue(cache.get("b/k").orElseThrow().metadata().deleted(), "the DELETE's tombstone");
        assertEquals(0, cache.size(), "a tombstone is not kept, nor the record it replaced");
        assertEquals(1, cache.hits()); // the first read, those after the PUT, the swap and the DELETE read the record
        assertEquals(4, cache.misses());
    }

    /** The same through the fixture's blob reader (it has a record cache): ranged reads across a PUT and a DELETE. */
    @Test
    void theBlobReaderServesARangeOfTheNewBlobAfterAPutAndNoneAfterADelete() throws IOException {
        byte[] old = randomBytes(6 * STRIPE, 4);
        byte[] now = randomBytes(6 * STRIPE, 5);
        f.putBlob("b/r", old);
        String range = "bytes=" + STRIPE + "-" + (3 * STRIPE - 1);
        assertArrayEquals(Arrays.copyOfRange(old, STRIPE, 3 * STRIPE), read("b/r", range));
        assertArrayEquals(Arrays.copyOfRange(old, STRIPE, 3 * STRIPE), read("b/r", range), "served from the cache");
        f.putBlob("b/r", now);
        assertArrayEquals(Arrays.copyOfRange(now, STRIPE, 3 * STRIPE), read("b/r", range));
        f.writes.delete("b/r", true, new Timings());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> f.blobReader.open("b/r", range)).code());
        // The registry holds what it counts weakly: a counter over an object nothing else holds reads NaN after a collection.
        System.gc();
        assertEquals(1.0, f.registry.get("hybridstore.gateway.read.record.cache").tag("result", "hit").functionCounter().count());
        assertEquals(3.0, f.registry.get("hybridstore.gateway.read.record.cache").tag("result", "miss").functionCounter().count());
    }

    private byte[] read(String name, String range) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.blobReader.open(name, range).writeTo(out);
        return out.toByteArray();
    }

    /**
     * Past the entry bound a record goes, and which is Caffeine's choice (W-TinyLFU, not strictly the
     * least recently used): the bound holds at every step (records far below the byte bound), and a blob then read in ranges, in a cache
     * full of records opened once, is kept from its first or second open on (W-TinyLFU admits a
     * record opened again over one opened once).
     */
    @Test
    void theEntryBoundHoldsAndABlobReadInRangesIsKeptInAFullCache() {
        RecordCache cache = new RecordCache(store, new RecordCache.Bounds(4, 1L << 20));
        for (int i = 0; i < 12; i++) {
            f.putBlob("once" + i, randomBytes(3 * STRIPE, 30 + i));
            cache.get("once" + i);
            assertTrue(cache.size() <= 4, "held " + cache.size());
        }
        assertEquals(4, cache.size());
        assertTrue(cache.bytes() < (1L << 20) / 10, "the entry bound, held through the weights alone (each weighs at least a "
                + "1/entries share of the byte bound), not the byte bound: " + cache.bytes());
        f.putBlob("ranged", randomBytes(3 * STRIPE, 50));
        int gets = store.gets.get();
        int ranges = 128;
        for (int i = 0; i < ranges; i++) {
            assertEquals(current("ranged"), cache.get("ranged").orElseThrow(), "range " + i);
        }
        int recordReads = store.gets.get() - gets;
        assertTrue(recordReads >= 1 && recordReads <= 2, recordReads + " whole-record reads for " + ranges + " opens");
        assertEquals(4, cache.size());
    }

    @Test
    void theByteBoundHoldsAndARecordLargerThanItIsNotKept() {
        f.putBlob("small", randomBytes(2 * STRIPE, 6));
        f.putBlob("large", randomBytes(40 * STRIPE, 7));
        long small = RecordCache.estimate(current("small").metadata());
        long large = RecordCache.estimate(current("large").metadata());
        assertTrue(large > 3 * small, small + " against " + large);
        long bound = 3 * small + 1;
        RecordCache cache = new RecordCache(store, new RecordCache.Bounds(100, bound));
        cache.get("large");
        assertEquals(0, cache.size(), "larger than the bound");
        for (int i = 0; i < 5; i++) {
            f.putBlob("s" + i, randomBytes(2 * STRIPE, 10 + i));
            cache.get("s" + i);
            assertTrue(cache.bytes() <= bound, "held " + cache.bytes());
        }
        assertEquals(3, cache.size(), "three records of the small size fit");
        assertEquals(3 * small, cache.bytes());
        int gets = store.gets.get();
        for (int i = 0; i < 8; i++) {
            cache.get("s4");
        }
        int recordReads = store.gets.get() - gets;
        assertTrue(recordReads <= 2, recordReads + " whole-record reads for 8 opens");
        assertEquals(3 * small, cache.bytes(), "still three");
    }

    @Test
    void onlyStripedBlobsAreKept() {
        f.putBlob("replicated", randomBytes(1000, 8)); // below the fixture's 1 KiB small limit: whole replicas
        f.write("doc", "{\"a\":1}");
        RecordCache cache = new RecordCache(store, new RecordCache.Bounds(4, 1L << 20));
        for (int i = 0; i < 3; i++) {
            ObjectMetadata replicated = cache.get("replicated").orElseThrow().metadata();
            assertTrue(replicated.holdsBlob() && !replicated.blob().striped());
            assertTrue(cache.get("doc").orElseThrow().metadata().blob() == null);
        }
        assertEquals(0, cache.size());
        assertEquals(6, store.gets.get(), "each read reads the record");
        assertEquals(0, store.revisions.get());
        assertTrue(cache.get("missing").isEmpty());
    }
}
