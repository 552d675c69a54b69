package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.IndexEntries;
import io.hybridstore.common.catalogue.IndexKeys;
import io.hybridstore.common.catalogue.KeyOrder;
import io.hybridstore.common.catalogue.ListFilter;
import io.hybridstore.common.catalogue.Range;
import io.hybridstore.common.catalogue.ListPage;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetadataStore} must have, run against the in-memory fake and against
 * etcd, so the fake the unit tests rely on cannot drift from the real store.
 */
abstract class MetadataStoreContract {

    private MetadataStore store;
    private String ns;

    /** A store over an empty keyspace (or one whose keys do not collide with {@link #key}). */
    protected abstract MetadataStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        ns = "t" + System.nanoTime() + "/";
    }

    private String key(String name) {
        return ns + name;
    }

    private static ObjectMetadata record(String key, long offset, ObjectState state, long at) {
        HotPart hot = new HotPart("ab", 2, List.of(new ChunkLocation(0, "node-1", "h-ab", at)));
        return new ObjectMetadata(key, new Version(0, offset), state, List.of("a"), hot, null,
                List.of(), state == ObjectState.DIRTY ? List.of("node-2") : List.of(), at, at);
    }

    @Test
    void firstCommitAppliesAndIsReadBack() {
        String k = key("a");
        assertTrue(store.get(k).isEmpty());
        assertTrue(store.commitIfNewer(record(k, 5, ObjectState.CLEAN, 100)));
        MetadataStore.Stored stored = store.get(k).orElseThrow();
        assertEquals(record(k, 5, ObjectState.CLEAN, 100), stored.metadata());
        assertTrue(stored.revision() > 0);
    }

    /** The revision alone is the one a get returns, empty without a record, and moves with every write of the key only. */
    @Test
    void theRevisionIsTheRecordsOwnAndMovesWithEachWrite() {
        String k = key("rev");
        String other = key("rev-other");
        assertTrue(store.revision(k).isEmpty(), "no record yet");
        assertTrue(store.commitIfNewer(record(k, 5, ObjectState.CLEAN, 100)));
        long first = store.get(k).orElseThrow().revision();
        assertEquals(first, store.revision(k).orElseThrow());
        assertTrue(store.commitIfNewer(record(other, 1, ObjectState.CLEAN, 100)));
        assertEquals(first, store.revision(k).orElseThrow(), "another key's write leaves it");
        assertTrue(store.commitIfNewer(record(k, 6, ObjectState.CLEAN, 200)), "a newer version (a PUT)");
        long second = store.revision(k).orElseThrow();
        assertTrue(second > first);
        assertEquals(store.get(k).orElseThrow().revision(), second);
        assertTrue(store.compareAndSet(record(k, 6, ObjectState.DIRTY, 300), second), "a repair's swap");
        long third = store.revision(k).orElseThrow();
        assertTrue(third > second);
        assertEquals(store.get(k).orElseThrow().revision(), third);
        assertFalse(store.commitIfNewer(record(k, 2, ObjectState.CLEAN, 400)), "a lost race writes nothing");
        assertEquals(third, store.revision(k).orElseThrow());
    }

    /** Gets from many threads at once (the etcd store joins them into shared requests): each sees its own key's record, or none. */
    @Test
    void concurrentGetsEachSeeTheirOwnRecord() throws Exception {
        int keys = 40;
        for (int i = 0; i < keys; i += 2) { // every other key has a record
            assertTrue(store.commitIfNewer(record(key("c" + i), 10 + i, ObjectState.CLEAN, 100 + i)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<java.util.Optional<ObjectMetadata>>> reads = new java.util.ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < keys; i++) {
                    String k = key("c" + i);
                    reads.add(pool.submit(() -> store.get(k).map(MetadataStore.Stored::metadata)));
                }
            }
            int checked = 0;
            for (int n = 0; n < reads.size(); n++) {
                int i = n % keys;
                java.util.Optional<ObjectMetadata> got = reads.get(n).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(i % 2 == 0 ? java.util.Optional.of(record(key("c" + i), 10 + i, ObjectState.CLEAN, 100 + i))
                        : java.util.Optional.empty(), got, "key c" + i);
                checked++;
            }
            assertEquals(5 * keys, checked);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void newerVersionWinsOlderAndEqualLose() {
        String k = key("b");
        assertTrue(store.commitIfNewer(record(k, 5, ObjectState.CLEAN, 100)));
        assertFalse(store.commitIfNewer(record(k, 4, ObjectState.CLEAN, 200)), "older loses");
        assertFalse(store.commitIfNewer(record(k, 5, ObjectState.DIRTY, 300)), "same version loses");
        assertEquals(5, store.get(k).orElseThrow().metadata().version().offset());
        assertTrue(store.commitIfNewer(record(k, 9, ObjectState.CLEAN, 400)));
        assertEquals(9, store.get(k).orElseThrow().metadata().version().offset());
    }

    @Test
    void aCommitGivenTheCallersReadDecidesOnTheRecordAsItIsNow() {
        String k = key("basis");
        assertTrue(store.commitIfNewer(record(k, 3, ObjectState.CLEAN, 100), java.util.Optional.empty()), "no record yet, as read");
        java.util.Optional<MetadataStore.Stored> stale = store.get(k);
        assertTrue(store.commitIfNewer(record(k, 7, ObjectState.CLEAN, 200), stale), "the read is still current");
        // The caller read version 3; version 7 was committed since. Newer than both applies, between loses.
        assertFalse(store.commitIfNewer(record(k, 5, ObjectState.CLEAN, 300), stale), "older than the record as it is now");
        assertEquals(7, store.get(k).orElseThrow().metadata().version().offset());
        assertTrue(store.commitIfNewer(record(k, 9, ObjectState.DIRTY, 400), stale), "a stale read costs an attempt, not the commit");
        assertEquals(9, store.get(k).orElseThrow().metadata().version().offset());
        assertEquals(List.of(k), dirtyKeys().stream().filter(k::equals).toList());
        assertFalse(store.commitIfNewer(record(k, 8, ObjectState.CLEAN, 500), java.util.Optional.empty()),
                "read as absent, but a record exists now");
        assertEquals(9, store.get(k).orElseThrow().metadata().version().offset());
    }

    /** A write that guessed its key new: applies over no record only; any record, a tombstone or an older version, stops it. */
    @Test
    void aCommitIfAbsentAppliesOnlyWhereNoRecordIs() {
        String k = key("absent");
        assertTrue(store.commitIfAbsent(record(k, 3, ObjectState.DIRTY, 100)), "no record yet");
        MetadataStore.Stored first = store.get(k).orElseThrow();
        assertEquals(record(k, 3, ObjectState.DIRTY, 100), first.metadata());
        assertEquals(List.of(k), dirtyKeys().stream().filter(k::equals).toList(), "its dirty mark in the same step");
        assertFalse(store.commitIfAbsent(record(k, 9, ObjectState.CLEAN, 200)), "a newer version, but a record exists");
        assertEquals(first, store.get(k).orElseThrow(), "the record and its revision untouched");
        assertEquals(List.of(k), dirtyKeys().stream().filter(k::equals).toList());

        String deleted = key("absent-deleted");
        assertTrue(store.commitIfNewer(ObjectMetadata.tombstone(deleted, new Version(0, 2), 1, 2)));
        assertFalse(store.commitIfAbsent(record(deleted, 5, ObjectState.CLEAN, 300)), "a tombstone is a record");
        assertTrue(store.get(deleted).orElseThrow().metadata().deleted());
    }

    @Test
    void compareAndSetAppliesOnlyAtTheExpectedRevision() {
        String k = key("c");
        assertFalse(store.compareAndSet(record(k, 1, ObjectState.CLEAN, 1), 1), "absent record: no CAS");
        store.commitIfNewer(record(k, 1, ObjectState.DIRTY, 1));
        long revision = store.get(k).orElseThrow().revision();
        assertTrue(store.compareAndSet(record(k, 1, ObjectState.CLEAN, 2), revision));
        long next = store.get(k).orElseThrow().revision();
        assertTrue(next > revision);
        assertFalse(store.compareAndSet(record(k, 1, ObjectState.LOST, 3), revision), "stale revision loses");
        assertEquals(ObjectState.CLEAN, store.get(k).orElseThrow().metadata().state());
    }

    @Test
    void compareAndSetAllAppliesEachSwapByItsOwnGuardAlone() {
        // 100 swaps: on etcd more than one grouped transaction (3 operations each, 128 a transaction).
        List<MetadataStore.Swap> swaps = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String k = key(String.format("all-%03d", i));
            store.commitIfNewer(record(k, 1, ObjectState.DIRTY, 1));
            MetadataStore.Stored read = store.get(k).orElseThrow();
            boolean raced = i % 7 == 3;
            if (raced) {
                store.commitIfNewer(record(k, 2, ObjectState.DIRTY, 2)); // a newer write after the read
            }
            swaps.add(new MetadataStore.Swap(record(k, 1, ObjectState.CLEAN, 3), read));
            expected.add(!raced);
        }

        List<MetadataStore.SwapResult> results = store.compareAndSetAll(swaps);
        assertEquals(expected, results.stream().map(MetadataStore.SwapResult::applied).toList(), "in order; the raced ones (every 7th) lost");
        assertTrue(results.stream().allMatch(r -> r.failure() == null), "a lost race is no failure");

        for (int i = 0; i < 100; i++) {
            String k = key(String.format("all-%03d", i));
            ObjectMetadata now = store.get(k).orElseThrow().metadata();
            assertEquals(expected.get(i) ? ObjectState.CLEAN : ObjectState.DIRTY, now.state(), k);
            assertEquals(expected.get(i) ? 1 : 2, now.version().offset(), k);
        }
        assertEquals(14, dirtyKeys().size(), "the dirty marks follow each record: only the raced ones keep theirs");
        assertEquals(List.of(), store.compareAndSetAll(List.of()));
    }

    /**
     * A damage report or a repair that leaves copies missing (a compare-and-set to DIRTY that keeps the record's
     * modification time, as {@code ObjectMetadata.withCopies} does): the mark says since when it is dirty, the record
     * still says when the object was written.
     */
    @Test
    void aRecordMadeDirtyByASwapIsDirtySinceTheSwapNotSinceItsWrite() {
        String k = key("swap-dirty");
        store.commitIfNewer(record(k, 1, ObjectState.CLEAN, 1000));
        MetadataStore.Stored read = store.get(k).orElseThrow();
        long before = System.currentTimeMillis();
        ObjectMetadata damaged = read.metadata().withCopies(read.metadata().hot(), read.metadata().codedParts(), ObjectState.DIRTY);
        assertTrue(store.compareAndSet(damaged, read));
        assertEquals(1000, store.get(k).orElseThrow().metadata().updatedAt(), "the object's modification time stays");
        assertTrue(dirtyMark(k).sinceMillis() >= before, "dirty since the swap: " + dirtyMark(k).sinceMillis());
    }

    /** A mark is dirty since the commit that made its record DIRTY (its wall-clock time), kept while it stays so. */
    @Test
    void dirtyIndexFollowsTheState() {
        String k = key("d");
        long before = System.currentTimeMillis();
        store.commitIfNewer(record(k, 1, ObjectState.DIRTY, 1000));
        long after = System.currentTimeMillis();
        assertEquals(List.of(k), dirtyKeys());
        DirtyMark mark = dirtyMark(k);
        assertEquals(new Version(0, 1), mark.version());
        assertTrue(mark.sinceMillis() >= before && mark.sinceMillis() <= after, "since the commit: " + mark.sinceMillis());

        store.commitIfNewer(record(k, 2, ObjectState.DIRTY, 2000));
        assertEquals(mark.sinceMillis(), dirtyMark(k).sinceMillis(), "still dirty: keeps the original since");
        assertEquals(new Version(0, 2), dirtyMark(k).version());

        long revision = store.get(k).orElseThrow().revision();
        store.compareAndSet(record(k, 2, ObjectState.CLEAN, 3000), revision);
        assertFalse(dirtyKeys().contains(k), "clean: no mark");

        long again = System.currentTimeMillis();
        store.commitIfNewer(record(k, 3, ObjectState.DIRTY, 4000));
        assertTrue(dirtyMark(k).sinceMillis() >= again, "dirty again: a new since");
        store.commitIfNewer(ObjectMetadata.tombstone(k, new Version(0, 4), 1, 5000));
        assertFalse(dirtyKeys().contains(k), "deleted: no mark");
        assertTrue(store.get(k).orElseThrow().metadata().deleted());
    }

    @Test
    void scanPagesInKeyOrder() {
        List<String> written = new ArrayList<>();
        for (String name : List.of("k05", "k01", "k10", "k03", "k02", "k04", "k09", "k07", "k08", "k06", "k06/x", "k06-")) {
            store.commitIfNewer(record(key(name), 1, ObjectState.CLEAN, 1));
            written.add(key(name));
        }
        List<String> seen = new ArrayList<>();
        String after = ns; // our namespace starts right after this key
        int pages = 0;
        while (true) {
            List<MetadataStore.Stored> page = store.scan(after, 5);
            List<String> mine = page.stream().map(s -> s.metadata().key()).filter(k -> k.startsWith(ns)).toList();
            seen.addAll(mine);
            pages++;
            if (page.size() < 5 || mine.size() < page.size()) {
                break;
            }
            after = page.get(page.size() - 1).metadata().key();
        }
        assertEquals(written.stream().sorted().toList(), seen);
        assertEquals(3, pages);
    }

    @Test
    void prefixScansStartAtAfterOrPastAPrefixInUtf8Order() {
        // "\uffff" sorts before the supplementary "\ud83d\ude00" in UTF-8 (etcd) order, after it in UTF-16 order.
        for (String name : List.of("a/1", "a/2", "a/b/1", "a/b/2", "a/c", "a\uffff", "a\ud83d\ude00", "b")) {
            store.commitIfNewer(record(key(name), 1, ObjectState.CLEAN, 1));
        }
        assertEquals(List.of("a/1", "a/2", "a/b/1", "a/b/2", "a/c", "a\uffff", "a\ud83d\ude00"),
                names(store.scan(ns + "a", ScanStart.at(ns + "a"), 100)));
        assertEquals(List.of("a/b/1", "a/b/2", "a/c"), names(store.scan(ns + "a/", ScanStart.after(ns + "a/2"), 100)));
        assertEquals(List.of("a/c", "a\uffff"), names(store.scan(ns + "a", ScanStart.pastPrefix(ns + "a/b/"), 2)));
        assertEquals(List.of("a/1"), names(store.scan(ns + "a/", ScanStart.at(ns), 1)), "a start before the prefix begins at it");
        assertEquals(List.of(), names(store.scan(ns + "a/", ScanStart.pastPrefix(ns + "a/"), 10)));
    }

    @Test
    void catalogueListsPagesWithCommonPrefixesAndNoTombstones() {
        for (String name : List.of("a/1", "a/2", "a/b/1", "a/b/2", "a/c/1", "a/d", "a/e", "x")) {
            store.commitIfNewer(record(key(name), 1, ObjectState.CLEAN, 1));
        }
        store.commitIfNewer(ObjectMetadata.tombstone(key("a/2"), new Version(0, 2), 1, 2));
        store.commitIfNewer(ObjectMetadata.tombstone(key("a/c/1"), new Version(0, 2), 1, 2));
        Catalogue catalogue = new Catalogue(store);

        ListPage flat = catalogue.list(new ListQuery(ns + "a/", null, null, 1000));
        assertEquals(List.of("a/1", "a/b/1", "a/b/2", "a/d", "a/e"), names(flat.objects()));
        assertFalse(flat.truncated());

        List<String> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ListPage page = catalogue.list(new ListQuery(ns + "a/", cursor, "/", 2));
            items.addAll(names(page.objects()));
            page.commonPrefixes().forEach(p -> items.add(p.substring(ns.length())));
            cursor = page.nextStartAfter();
            pages++;
        } while (cursor != null);
        // a/c/ holds only a tombstone: no common prefix for it.
        assertEquals(List.of("a/1", "a/b/", "a/d", "a/e"), items.stream().sorted().toList());
        assertEquals(2, pages, "4 items at 2 a page, and the second page knows it is the last");
    }

    private List<String> names(List<MetadataStore.Stored> stored) {
        return stored.stream().map(s -> s.metadata().key().substring(ns.length())).toList();
    }

    @Test
    void concurrentCommitsEndAtTheHighestVersion() throws Exception {
        String k = key("race");
        ConcurrentLinkedQueue<Long> applied = new ConcurrentLinkedQueue<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long offset = 1; offset <= 24; offset++) {
                long o = offset;
                pool.submit(() -> {
                    if (store.commitIfNewer(record(k, o, ObjectState.CLEAN, o))) {
                        applied.add(o);
                    }
                    return null;
                });
            }
        }
        assertEquals(24, store.get(k).orElseThrow().metadata().version().offset());
        assertTrue(applied.contains(24L));
    }

    private static ObjectMetadata tagged(String key, long offset, ObjectState state, Set<String> tags, Map<String, String> fields) {
        return record(key, offset, state, offset).withLabels(ObjectLabels.NONE.withTags(tags)).withIndexedFields(new TreeMap<>(fields));
    }

    /** The index entries that end with the object key {@code k}, whatever their family. */
    private Set<String> entriesOf(String k) {
        Set<String> found = new TreeSet<>(KeyOrder.UTF8);
        store.indexEntries("", ScanStart.at(""), 1_000_000).stream().filter(e -> IndexKeys.objectKeyOf(e).equals(k)).forEach(found::add);
        return found;
    }

    @Test
    void indexEntriesFollowEveryKindOfWrite() {
        String k = key("idx");
        ObjectMetadata first = tagged(k, 1, ObjectState.IN_PROGRESS, Set.of("red", "blue"), Map.of("owner", "ada"));
        assertTrue(store.commitIfNewer(first));
        assertEquals(IndexEntries.of(first), entriesOf(k), "commit");
        assertTrue(entriesOf(k).contains("tag/red/" + k) && entriesOf(k).contains("state/in_progress/" + k));

        MetadataStore.Stored atFirst = store.get(k).orElseThrow();
        ObjectMetadata settled = first.withState(ObjectState.CLEAN, 50);
        assertFalse(store.compareAndSet(settled, atFirst.revision() + 1000), "a failed guard changes nothing");
        assertEquals(IndexEntries.of(first), entriesOf(k));
        assertTrue(store.compareAndSet(settled, atFirst.revision()));
        assertEquals(IndexEntries.of(settled), entriesOf(k), "compare-and-set by revision");

        ObjectMetadata retagged = settled.withLabels(settled.labels().withTags(Set.of("green")));
        assertTrue(store.compareAndSet(retagged, store.get(k).orElseThrow()));
        assertEquals(IndexEntries.of(retagged), entriesOf(k), "compare-and-set given the record read");

        ObjectMetadata overwrite = tagged(k, 9, ObjectState.DIRTY, Set.of(), Map.of("owner", "bob", "score", "7"));
        assertTrue(store.commitIfNewer(overwrite, java.util.Optional.of(store.get(k).orElseThrow())));
        assertEquals(IndexEntries.of(overwrite), entriesOf(k), "overwrite");
        assertFalse(entriesOf(k).contains("tag/green/" + k));

        assertTrue(store.commitIfNewer(ObjectMetadata.tombstone(k, new Version(0, 10), 1, 60)));
        assertEquals(Set.of(), entriesOf(k), "a delete leaves no entry");
    }

    @Test
    void concurrentWritersLeaveTheEntriesOfTheRecordThatWon() throws Exception {
        List<String> keys = List.of(key("cw1"), key("cw2"), key("cw3"));
        String[][] tagSets = {{"red"}, {"blue"}, {"red", "green"}, {}};
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 24; w++) {
                int writer = w;
                pool.submit(() -> {
                    String k = keys.get(writer % keys.size());
                    // Alternate the two write kinds: a version-guarded commit and a revision-guarded CAS.
                    ObjectMetadata next = tagged(k, writer + 1, ObjectState.CLEAN, Set.of(tagSets[writer % 4]), Map.of());
                    if (writer % 2 == 0) {
                        store.commitIfNewer(next);
                    } else {
                        store.get(k).ifPresent(current -> store.compareAndSet(next, current));
                    }
                    return null;
                });
            }
        }
        int checked = 0;
        for (String k : keys) {
            assertEquals(IndexEntries.of(store.get(k).orElseThrow().metadata()), entriesOf(k), k);
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void aFilteredListingReadsTheIndexAndChecksTheRecords() {
        for (int i = 0; i < 30; i++) {
            store.commitIfNewer(tagged(key(String.format("f%02d", i)), 1, ObjectState.CLEAN,
                    i % 10 == 0 ? Set.of("red") : Set.of("blue"), Map.of("score", Integer.toString(i))));
        }
        ListFilter red = new ListFilter(null, null, null, null, null, Set.of("red"), null, null, null);
        ListPage page = new Catalogue(store).list(new ListQuery(ns, null, null, 2, red));
        assertEquals(List.of("f00", "f10"), names(page.objects()));
        assertEquals(List.of("f20"), names(new Catalogue(store).list(new ListQuery(ns, page.nextStartAfter(), null, 2, red)).objects()));
        ListFilter scores = new ListFilter(null, null, null, null, null, null, null, null,
                Map.of("score", new Range<>(new BigDecimal("27"), null)));
        assertEquals(List.of("f27", "f28", "f29"), names(new Catalogue(store).list(new ListQuery(ns, null, null, 10, scores)).objects()));
        assertEquals(List.of(key("f03"), key("f01")), store.getAll(List.of(key("f03"), key("nope"), key("f01"))).stream()
                .map(s -> s.metadata().key()).toList(), "getAll keeps the order asked and skips what is absent");
    }

    @Test
    void anIndexRepairIsGuardedOnTheRecordsRevision() {
        String k = key("rep");
        store.commitIfNewer(tagged(k, 1, ObjectState.CLEAN, Set.of(), Map.of()));
        long revision = store.get(k).orElseThrow().revision();
        String stray = "tag/stray/" + k;
        assertFalse(store.repairIndex(k, revision + 1000, List.of(stray), List.of()));
        assertEquals(Set.of(), store.existingIndexEntries(List.of(stray)));
        assertTrue(store.repairIndex(k, revision, List.of(stray), List.of()));
        assertEquals(Set.of(stray), store.existingIndexEntries(List.of(stray, "tag/none/" + k)));
        assertTrue(store.repairIndex(key("absent"), 0, List.of(), List.of(stray)), "0: while there is no record");
        assertEquals(Set.of(), store.existingIndexEntries(List.of(stray)));
    }

    @Test
    void aRecordOfMoreStripesThanOneValueHoldsIsCommittedReadRepairedAndReplaced() {
        String k = key("large");
        ObjectMetadata large = LargeRecords.multipart(k, 7, 1_500, 1_000); // 3,000 stripes: 1.2 MB of stripes
        assertTrue(store.commitIfNewer(large));
        MetadataStore.Stored stored = store.get(k).orElseThrow();
        assertEquals(large, stored.metadata());
        assertEquals(List.of(large), store.scan(k, ScanStart.at(k), 10).stream().map(MetadataStore.Stored::metadata).toList());

        ObjectMetadata repaired = LargeRecords.moved(large, 2_100, 4, "node-9", 2_000);
        assertTrue(store.compareAndSet(repaired, stored));
        assertFalse(store.compareAndSet(LargeRecords.moved(large, 5, 0, "node-9", 2_000), stored), "the guard still holds");
        assertEquals(repaired, store.get(k).orElseThrow().metadata());

        assertFalse(store.commitIfNewer(LargeRecords.multipart(k, 6, 1_400, 3_000)), "an older large write loses");
        assertEquals(repaired, store.get(k).orElseThrow().metadata());
        ObjectMetadata tombstone = ObjectMetadata.tombstone(k, new Version(0, 8), 1_000, 4_000);
        assertTrue(store.commitIfNewer(tombstone));
        assertEquals(tombstone, store.get(k).orElseThrow().metadata());
    }

    private List<String> dirtyKeys() {
        return store.dirty(10_000).stream().map(DirtyMark::key).filter(k -> k.startsWith(ns)).toList();
    }

    private DirtyMark dirtyMark(String k) {
        return store.dirty(10_000).stream().filter(m -> m.key().equals(k)).findFirst().orElseThrow();
    }
}
