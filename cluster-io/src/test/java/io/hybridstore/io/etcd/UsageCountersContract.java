package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.UsageStore;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageCounts.Kind;
import io.hybridstore.common.usage.UsageRecount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage counters stay exact through commits, the healer's compare-and-set, overwrites, deletes
 * and dedup, folded or not: run against etcd and the fake. Expected figures are worked out by hand
 * (hot part 10 bytes x 3 replicas; cold part 37 bytes as 4+2 shards of 10).
 */
abstract class UsageCountersContract {

    static final String CLEAN_OBJECTS = UsageCounts.objects(Kind.DOCUMENT, ObjectState.CLEAN);
    static final String CLEAN_BYTES = UsageCounts.bytes(Kind.DOCUMENT, ObjectState.CLEAN);
    static final String DIRTY_OBJECTS = UsageCounts.objects(Kind.DOCUMENT, ObjectState.DIRTY);
    static final String DIRTY_BYTES = UsageCounts.bytes(Kind.DOCUMENT, ObjectState.DIRTY);
    static final String PHYSICAL = UsageCounts.physical(Kind.DOCUMENT);

    MetadataStore store;
    UsageStore usage;
    String ns;

    /** A metadata store and the usage store reading what it keeps. */
    protected abstract Stores newStores();

    /** @param uncounted puts a record as a version from before the counters did: no delta */
    protected record Stores(MetadataStore metadata, UsageStore usage, Consumer<ObjectMetadata> uncounted) {
    }

    private Consumer<ObjectMetadata> uncounted;

    @BeforeEach
    void setUp() {
        Stores stores = newStores();
        store = stores.metadata();
        usage = stores.usage();
        uncounted = stores.uncounted();
        ns = "u" + System.nanoTime() + "/";
    }

    ObjectMetadata doc(String name, long offset, ObjectState state, String hotContent) {
        return doc(name, new Version(0, offset), state, hotContent);
    }

    ObjectMetadata doc(String name, Version version, ObjectState state, String hotContent) {
        List<ChunkLocation> replicas = List.of(new ChunkLocation(0, "node-1", "h", 1), new ChunkLocation(1, "node-2", "h", 1),
                new ChunkLocation(2, "node-3", "h", 1));
        List<ChunkLocation> shards = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shards.add(new ChunkLocation(i, "node-" + (i + 1), "c", 1));
        }
        return new ObjectMetadata(ns + name, version, state, List.of("a", "b"),
                new HotPart(ns + hotContent, 10, replicas), new ColdPart(ns + "cold", 37, 4, 2, 10, shards), List.of(),
                state == ObjectState.DIRTY ? List.of("node-4") : List.of(), 1, 1);
    }

    static Map<String, Long> counts(Object... nameValue) {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            counts.put((String) nameValue[i], ((Number) nameValue[i + 1]).longValue());
        }
        return counts;
    }

    @Test
    void countersStayExactThroughCommitCasOverwriteDeleteAndDedupFoldedOrNot() {
        UsageCounts rootBefore = usage.usage("");
        assertTrue(usage.usage(ns).isZero(), "a new prefix starts at zero");

        ObjectMetadata a = doc("a", 1, ObjectState.DIRTY, "hot-1");
        assertTrue(store.commitIfNewer(a));
        assertTrue(store.commitIfNewer(doc("b", 2, ObjectState.CLEAN, "hot-1"))); // equal content: shared chunks
        assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, DIRTY_OBJECTS, 1, DIRTY_BYTES, 47, PHYSICAL, 180),
                usage.usage(ns).values());
        assertEquals(90, saved(rootBefore), "b's 30 hot and 60 cold bytes are shared with a");

        usage.fold(1); // folded in part, the answer is the same
        assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, DIRTY_OBJECTS, 1, DIRTY_BYTES, 47, PHYSICAL, 180),
                usage.usage(ns).values());

        MetadataStore.Stored read = store.get(a.key()).orElseThrow();
        assertTrue(store.compareAndSet(a.withState(ObjectState.CLEAN, 2).withNotes(List.of(), List.of()), read), "the healer's repair");
        assertEquals(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, PHYSICAL, 180), usage.usage(ns).values());
        assertTrue(!store.compareAndSet(a.withState(ObjectState.LOST, 3), read), "a stale CAS changes nothing");
        assertTrue(!store.compareAndSet(a.withState(ObjectState.LOST, 3), read.revision()), "nor by its revision");
        assertEquals(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, PHYSICAL, 180), usage.usage(ns).values());
        MetadataStore.Stored repaired = store.get(a.key()).orElseThrow();
        assertTrue(store.compareAndSet(repaired.metadata().withState(ObjectState.DIRTY, 3), repaired.revision()), "a damage report");
        assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, DIRTY_OBJECTS, 1, DIRTY_BYTES, 47, PHYSICAL, 180), usage.usage(ns).values());
        MetadataStore.Stored damaged = store.get(a.key()).orElseThrow();
        assertTrue(store.compareAndSet(damaged.metadata().withState(ObjectState.CLEAN, 4), damaged));
        assertEquals(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, PHYSICAL, 180), usage.usage(ns).values());

        assertTrue(store.commitIfNewer(doc("b", 5, ObjectState.CLEAN, "hot-2"))); // new hot content: only the cold part is shared now
        assertTrue(!store.commitIfNewer(doc("b", 4, ObjectState.CLEAN, "hot-3")), "an older write loses and counts nothing");
        assertEquals(60, saved(rootBefore));
        while (usage.fold(2) > 0) {
            // fold everything, two at a time
        }
        assertEquals(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, PHYSICAL, 180), usage.usage(ns).values());
        assertEquals(60, saved(rootBefore));

        assertTrue(store.commitIfNewer(ObjectMetadata.tombstone(a.key(), new Version(0, 6), 1, 6)));
        assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, PHYSICAL, 90), usage.usage(ns).values());
        assertEquals(0, saved(rootBefore));
        assertEquals(usage.usage(""), rootAfterFolding(), "folding changes no figure");
        assertEquals(rootBefore.plus(new UsageCounts(new TreeMap<>(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, PHYSICAL, 90)))),
                usage.usage(""), "the root moved by exactly this prefix's usage");
    }

    @Test
    void oneFoldTakesMoreDeltasThanOneTransactionHoldsAndCountsEachOnce() {
        while (usage.fold(1_000) > 0) {
            // what other tests left
        }
        int documents = 100; // each a new hot content: ~60 deltas fit etcd's 128 operations, so two transactions
        for (int i = 0; i < documents; i++) {
            assertTrue(store.commitIfNewer(doc("many-" + i, 100 + i, ObjectState.CLEAN, "hot-" + i)));
        }
        Map<String, Long> expected = counts(CLEAN_OBJECTS, documents, CLEAN_BYTES, 47L * documents, PHYSICAL, 90L * documents);
        assertEquals(expected, usage.usage(ns).values());
        assertEquals(documents, usage.fold(1_000), "one read, folded in as many transactions as it takes");
        assertEquals(0, usage.fold(1_000), "nothing left, nothing counted twice");
        assertEquals(expected, usage.usage(ns).values());
    }

    @Test
    void aKeyTwoLevelsDeepCountsInEachAncestor() {
        assertTrue(store.commitIfNewer(doc("x/y/z", 1, ObjectState.CLEAN, "deep")));
        assertEquals(1, usage.usage(ns).get(CLEAN_OBJECTS));
        assertEquals(1, usage.usage(ns + "x/").get(CLEAN_OBJECTS));
        assertTrue(usage.usage(ns + "other/").isZero());
    }

    @Test
    void aRecountAddsWhatWasWrittenBeforeTheCountersAndStaysExactThroughWritesAfterIt() {
        UsageCounts rootBefore = rootAfterFolding();
        assertTrue(store.commitIfNewer(doc("p/a", 1, ObjectState.CLEAN, "r-1")));
        uncounted.accept(doc("p/b", 2, ObjectState.CLEAN, "r-2"));
        uncounted.accept(doc("p/q/c", 3, ObjectState.DIRTY, "r-3"));
        assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, PHYSICAL, 90), usage.usage(ns + "p/").values(), "old records are not counted");

        UsageRecount.Result result = usage.recount(ns + "p/");
        assertEquals(3, result.records());
        assertEquals(List.of(ns + "p/"), result.corrections().stream().map(d -> d.key()).toList());
        UsageCounts three = new UsageCounts(new TreeMap<>(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, DIRTY_OBJECTS, 1, DIRTY_BYTES, 47,
                PHYSICAL, 270)));
        assertEquals(three, usage.usage(ns + "p/"));
        assertTrue(store.commitIfNewer(doc("p/d", 4, ObjectState.CLEAN, "r-4")), "a write after the recount counts as usual");
        assertTrue(store.commitIfNewer(ObjectMetadata.tombstone(ns + "p/b", new Version(0, 5), 1, 5)), "and a delete of an old record");
        assertEquals(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, DIRTY_OBJECTS, 1, DIRTY_BYTES, 47, PHYSICAL, 270),
                usage.usage(ns + "p/").values());
        assertEquals(counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, DIRTY_OBJECTS, 1, DIRTY_BYTES, 47, PHYSICAL, 270),
                withoutSaving(rootAfterFolding().minus(rootBefore)).values(), "the root moved by the same, folded");
        assertEquals(List.of(), usage.recount(ns + "p/").corrections(), "a second recount finds nothing to correct");
    }

    @Test
    void aRecountRacingWritersLeavesTheCountersExact() throws Exception {
        int old = 30;
        int written = 60;
        for (int i = 0; i < old; i++) {
            uncounted.accept(doc("w/old" + i, i + 1, ObjectState.CLEAN, "w-" + i));
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        CountDownLatch recounting = new CountDownLatch(1);
        try {
            Future<?> writes = writer.submit(() -> {
                recounting.await(); // the in-memory store is fast enough to finish before a recount starts
                for (int i = 0; i < written; i++) {
                    assertTrue(store.commitIfNewer(doc("w/new" + i, 100 + i, ObjectState.CLEAN, "w-new-" + i)));
                    if (i % 10 == 0) {
                        usage.fold(5); // the folder moves deltas into totals meanwhile
                    }
                }
                return null;
            });
            recounting.countDown();
            do { // at least one recount, started as the writer starts; on etcd, several overlap it
                usage.recount(ns + "w/");
            } while (!writes.isDone());
            writes.get();
        } finally {
            writer.shutdownNow();
        }
        assertEquals(counts(CLEAN_OBJECTS, old + written, CLEAN_BYTES, 47L * (old + written), PHYSICAL, 90L * (old + written)),
                usage.usage(ns + "w/").values());
        assertEquals(List.of(), usage.recount(ns + "w/").corrections());
    }

    /** The dedup saving follows the content references, which a recount leaves as they are. */
    private static UsageCounts withoutSaving(UsageCounts counts) {
        return counts.with(UsageCounts.DEDUP_SAVED, -counts.get(UsageCounts.DEDUP_SAVED));
    }

    private UsageCounts rootAfterFolding() {
        while (usage.fold(50) > 0) {
            // until none waits
        }
        return usage.usage("");
    }

    private long saved(UsageCounts rootBefore) {
        return usage.usage("").get(UsageCounts.DEDUP_SAVED) - rootBefore.get(UsageCounts.DEDUP_SAVED);
    }
}
