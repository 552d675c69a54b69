package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.Catalogue;
import io.hybridstore.common.catalogue.ListPage;
import io.hybridstore.common.catalogue.ListQuery;
import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import java.util.ArrayList;
import java.util.List;
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
    void dirtyIndexFollowsTheState() {
        String k = key("d");
        store.commitIfNewer(record(k, 1, ObjectState.DIRTY, 1000));
        assertEquals(List.of(k), dirtyKeys());
        DirtyMark mark = dirtyMark(k);
        assertEquals(new Version(0, 1), mark.version());
        assertEquals(1000, mark.sinceMillis());

        store.commitIfNewer(record(k, 2, ObjectState.DIRTY, 2000));
        assertEquals(1000, dirtyMark(k).sinceMillis(), "still dirty: keeps the original since");
        assertEquals(new Version(0, 2), dirtyMark(k).version());

        long revision = store.get(k).orElseThrow().revision();
        store.compareAndSet(record(k, 2, ObjectState.CLEAN, 3000), revision);
        assertFalse(dirtyKeys().contains(k), "clean: no mark");

        store.commitIfNewer(record(k, 3, ObjectState.DIRTY, 4000));
        assertEquals(4000, dirtyMark(k).sinceMillis(), "dirty again: a new since");
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

    private List<String> dirtyKeys() {
        return store.dirty(10_000).stream().map(DirtyMark::key).filter(k -> k.startsWith(ns)).toList();
    }

    private DirtyMark dirtyMark(String k) {
        return store.dirty(10_000).stream().filter(m -> m.key().equals(k)).findFirst().orElseThrow();
    }
}
