package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** What the console relies on from a {@link MetadataFeed}, against the in-memory store and against etcd. */
abstract class MetadataFeedContract {

    /** More than one page of the etcd feed's scan (500). */
    static final int RECORDS = 520;

    protected abstract MetadataStore store();

    protected abstract MetadataFeed feed();

    /** What a listener was told, by key, for keys in this test's namespace. */
    static final class Recorder implements MetadataFeed.Listener {
        final String ns;
        final Map<String, ObjectMetadata> records = new ConcurrentHashMap<>();
        final AtomicInteger resets = new AtomicInteger();
        volatile boolean synced;

        Recorder(String ns) {
            this.ns = ns;
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
            records.clear();
            synced = false;
        }

        @Override
        public void put(ObjectMetadata record) {
            if (record.key().startsWith(ns)) {
                records.put(record.key(), record);
            }
        }

        @Override
        public void removed(String key) {
            records.remove(key);
        }

        @Override
        public void synced() {
            synced = true;
        }
    }

    static ObjectMetadata record(String key, long offset, String node) {
        HotPart hot = new HotPart("ab", 2, List.of(new ChunkLocation(0, node, "h-ab", 1)));
        return new ObjectMetadata(key, new Version(0, offset), ObjectState.CLEAN, List.of("a"), hot, null, List.of(), List.of(), 1, 1);
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void deliversEveryRecordThenEachChange() throws Exception {
        String ns = "feed" + System.nanoTime() + "/";
        MetadataStore store = store();
        for (int i = 0; i < RECORDS; i++) {
            assertTrue(store.commitIfNewer(record(ns + String.format("%04d", i), 1, "node-1")));
        }
        Recorder recorder = new Recorder(ns);
        try (AutoCloseable following = feed().follow(recorder)) {
            awaitTrue(() -> recorder.synced, "the initial records are delivered");
            assertEquals(RECORDS, recorder.records.size(), "every record of the snapshot, across pages");

            MetadataStore.Stored first = store.get(ns + "0000").orElseThrow();
            assertTrue(store.compareAndSet(record(ns + "0000", 1, "node-7"), first.revision()));
            store.commitIfNewer(ObjectMetadata.tombstone(ns + "0001", new Version(0, 2), 1, 2));
            store.commitIfNewer(record(ns + "new", 3, "node-2"));
            ObjectMetadata large = LargeRecords.multipart(ns + "large", 4, 600, 5); // 1,200 stripes: a paged record in etcd
            store.commitIfNewer(large);

            awaitTrue(() -> recorder.records.containsKey(ns + "new"), "a new record arrives");
            awaitTrue(() -> recorder.records.containsKey(ns + "large"), "a record of more stripes than one value holds arrives");
            assertEquals(large, recorder.records.get(ns + "large"), "with every stripe");
            assertEquals("node-7", recorder.records.get(ns + "0000").hot().replicas().get(0).nodeId(), "a change arrives");
            assertTrue(recorder.records.get(ns + "0001").deleted(), "a tombstone arrives as a record");
            assertEquals(1, recorder.resets.get(), "no restart on a healthy store");
        }
    }
}
