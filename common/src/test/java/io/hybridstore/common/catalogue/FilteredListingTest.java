package io.hybridstore.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FilteredListingTest {

    private final InMemoryMetadataStore memory = new InMemoryMetadataStore();
    /** Records read, by any means: what a page costs. */
    private final AtomicLong recordsRead = new AtomicLong();
    /** Records read one get each (in batches), as an index walk reads its candidates. */
    private final AtomicLong recordsGot = new AtomicLong();
    /** Index reads (probes and walks): what planning a page costs beside its records. */
    private final AtomicLong indexReads = new AtomicLong();
    private final MetadataStore store = new ForwardingMetadataStore(memory) {
        @Override
        public List<String> indexEntries(String prefix, ScanStart start, int limit) {
            indexReads.incrementAndGet();
            return super.indexEntries(prefix, start, limit);
        }

        @Override
        public List<Stored> getAll(List<String> keys) {
            List<Stored> found = super.getAll(keys);
            recordsRead.addAndGet(found.size());
            recordsGot.addAndGet(found.size());
            return found;
        }

        @Override
        public List<Stored> scan(String prefix, ScanStart start, int limit) {
            List<Stored> found = super.scan(prefix, start, limit);
            recordsRead.addAndGet(found.size());
            return found;
        }
    };
    private final Catalogue catalogue = new Catalogue(store);

    private static final String[] STATES = {"clean", "dirty", "lost", "in_progress"};

    /** {@code n} objects with seeded random tags, states, sizes, owners and scores, half of them under "a/". */
    private List<ObjectMetadata> load(int n, long seed) {
        Random random = new Random(seed);
        List<ObjectMetadata> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = (i % 2 == 0 ? "a/" : "b/") + String.format("%05d", i);
            ObjectMetadata record;
            if (random.nextInt(4) == 0) {
                record = Records.blob(key, i + 1, random.nextBoolean() ? "image/png" : "text/plain", random.nextInt(1000), i);
            } else {
                Set<String> tags = random.nextInt(3) == 0 ? Set.of("red") : random.nextBoolean() ? Set.of("blue", "green") : Set.of();
                record = Records.document(key, i + 1, ObjectState.valueOf(STATES[random.nextInt(4)].toUpperCase()),
                        random.nextInt(1000), i, tags, Map.of("owner", "o" + random.nextInt(5), "score", Integer.toString(random.nextInt(100) - 50)));
            }
            memory.commitIfNewer(record);
            all.add(record);
        }
        return all;
    }

    /** Every page, following the cursor, with at most {@code pages} requests. */
    private List<String> listAll(String prefix, ListFilter filter, int limit) {
        List<String> keys = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10_000; pages++) {
            ListPage page = catalogue.list(new ListQuery(prefix, after, null, limit, filter));
            page.objects().forEach(s -> keys.add(s.metadata().key()));
            assertTrue(page.objects().size() <= limit);
            if (!page.truncated()) {
                return keys;
            }
            after = page.nextStartAfter();
        }
        throw new AssertionError("listing did not end");
    }

    private static List<String> expected(List<ObjectMetadata> all, String prefix, ListFilter filter) {
        return all.stream().filter(r -> r.key().startsWith(prefix) && filter.matches(r)).map(ObjectMetadata::key)
                .sorted(KeyOrder.UTF8).toList();
    }

    @Test
    void everyFilterListsExactlyWhatMatchesInKeyOrderAcrossPages() {
        List<ObjectMetadata> all = load(600, 15);
        List<ListFilter> filters = List.of(
                filter("blob", Set.of(), null, null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of("dirty", "lost"), null, null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), "image/png", null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), null, new Range<>(100L, 120L), Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), null, new Range<>(100L, null), Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), null, null, Set.of("blue", "green"), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), null, null, Set.of(), Set.of("red", "green"), Map.of(), Map.of()),
                filter("document", Set.of("clean"), null, null, Set.of("red"), Set.of(), Map.of("owner", "o3"), Map.of()),
                filter(null, Set.of(), null, null, Set.of(), Set.of(), Map.of(),
                        Map.of("score", new Range<>(new BigDecimal("-3"), new BigDecimal("2.5")))),
                filter(null, Set.of(), null, null, Set.of(), Set.of(), Map.of("owner", "nobody"), Map.of()),
                filter(null, Set.of("clean"), null, null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of("clean", "lost"), null, null, Set.of("red"), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), "application/json", null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), "application/json", null, Set.of("red"), Set.of(), Map.of(), Map.of()));
        int checked = 0;
        for (ListFilter filter : filters) {
            for (String prefix : List.of("", "a/")) {
                for (int limit : List.of(1, 7, 1000)) {
                    assertEquals(expected(all, prefix, filter), listAll(prefix, filter, limit), filter + " under '" + prefix + "' by " + limit);
                    checked++;
                }
            }
        }
        assertEquals(filters.size() * 6, checked);
        assertTrue(expected(all, "", filters.get(0)).size() > 50, "the data set exercises the filters");
    }

    @Test
    void theEntriesAStoreKeptFromBeforeTheSparseFamiliesChangeNoAnswer() {
        List<ObjectMetadata> all = load(600, 15);
        // The entries the older rule wrote and the newer does not: clean objects' state, JSON documents' type.
        List<String> older = new ArrayList<>();
        for (ObjectMetadata record : all) {
            older.add(IndexKeys.valuePrefix(IndexKeys.STATE, ObjectFacts.state(record)) + record.key());
            older.add(IndexKeys.valuePrefix(IndexKeys.TYPE, ObjectFacts.contentType(record)) + record.key());
        }
        memory.corruptIndex(older, List.of());
        // Then the newer code writes: some objects turn clean, some are deleted, as an upgraded store goes on.
        for (int i = 0; i < all.size(); i += 7) {
            ObjectMetadata record = all.get(i);
            ObjectMetadata next = i % 2 == 0
                    ? ObjectMetadata.tombstone(record.key(), new io.hybridstore.common.model.Version(0, 10_000 + i), 0, 1)
                    : Records.document(record.key(), 10_000 + i, ObjectState.CLEAN, 5, i, Set.of("red"), Map.of());
            memory.commitIfNewer(next);
            all.set(i, next);
        }
        List<ListFilter> filters = List.of(
                filter(null, Set.of("clean"), null, null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of("dirty", "in_progress"), null, null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), "application/json", null, Set.of(), Set.of(), Map.of(), Map.of()),
                filter(null, Set.of(), "application/json", null, Set.of("red"), Set.of(), Map.of(), Map.of()),
                filter("document", Set.of(), null, null, Set.of("red"), Set.of(), Map.of(), Map.of()));
        int checked = 0;
        for (ListFilter filter : filters) {
            for (int limit : List.of(1, 7, 1000)) {
                assertEquals(expected(all, "", filter), listAll("", filter, limit), filter + " by " + limit);
                checked++;
            }
        }
        assertEquals(15, checked);
    }

    @Test
    void aSelectiveFilterReadsAboutItsMatchesNotEveryRecord() {
        load(3000, 7);
        Set<String> tagged = Set.of("a/00010", "b/01501", "a/02998");
        for (String key : tagged) {
            ObjectMetadata record = memory.get(key).orElseThrow().metadata();
            memory.commitIfNewer(withTags(record, Set.of("rare")));
        }
        recordsRead.set(0);
        ListPage page = catalogue.list(new ListQuery("", null, null, 100,
                filter(null, Set.of("clean", "dirty", "lost", "in_progress"), null, null, Set.of("rare"), Set.of(), Map.of(), Map.of())));
        assertEquals(List.of("a/00010", "a/02998", "b/01501"), page.objects().stream().map(s -> s.metadata().key()).toList());
        assertNull(page.nextStartAfter());
        // The probe's 100 records (a/00000..a/00198) hold a/00010; the tag index, walked from there, the other two.
        assertEquals(FilteredListing.PROBE + 2, recordsRead.get(), "the tag index was walked after the probe, not the states' nor the records");
        assertEquals(2, recordsGot.get());
    }

    @Test
    void aLoneIndexIsReadAWholeBatchAtOnceNotProbedFirst() {
        for (int i = 0; i < 3000; i++) {
            String key = String.format("k%05d", i);
            memory.commitIfNewer(Records.document(key, i % 20 == 0 ? Set.of("rare") : Set.of()));
        }
        ListFilter rare = filter(null, Set.of(), null, null, Set.of("rare"), Set.of(), Map.of(), Map.of());
        ListPage page = catalogue.list(new ListQuery("", null, null, 1000, rare));
        assertEquals(150, page.objects().size());
        assertEquals(1, indexReads.get(), "the 145 entries after the record probe in one read of a batch (1,001), not a probe of 100 and then the rest");
        assertEquals(FilteredListing.PROBE + 145, recordsRead.get());
    }

    @Test
    void aFilterMatchingMostRecordsReadsThemInKeyOrderNotThroughItsIndex() {
        // Every document carries "common" and 9 in 10 objects are documents: both indexes hold most records.
        List<ObjectMetadata> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String key = String.format("k%05d", i);
            ObjectMetadata record = i % 10 == 3 ? Records.blob(key, i + 1, "image/png", 100, i)
                    : Records.document(key, i % 2 == 0 ? Set.of("common") : Set.of());
            memory.commitIfNewer(record);
            all.add(record);
        }
        ListFilter dense = filter("document", Set.of(), null, null, Set.of("common"), Set.of(), Map.of(), Map.of());
        recordsRead.set(0);
        ListPage page = catalogue.list(new ListQuery("", "k01000", null, 100, dense));
        List<String> expected = expected(all, "", dense).stream().filter(k -> k.compareTo("k01000") > 0).limit(100).toList();
        assertEquals(expected, page.objects().stream().map(s -> s.metadata().key()).toList());
        assertEquals(0, recordsGot.get(), "no record was read through the index");
        assertEquals(0, indexReads.get(), "45 % of the probed records matched: no index was even probed");
        // 100 matches at 45 %: the probe of 100 records, then one read sized by the rate seen (~136).
        assertTrue(recordsRead.get() <= 303, "read " + recordsRead.get() + " records for a page of 100");
        assertEquals(expected(all, "", dense), listAll("", dense, 1000), "following the cursor lists every match once");
    }

    @Test
    void aStaleIndexEntryIsNeverListed() {
        memory.commitIfNewer(Records.document("k1", Set.of("red")));
        memory.commitIfNewer(Records.document("k2", Set.of("blue")));
        memory.corruptIndex(List.of("tag/red/k2", "tag/red/gone"), List.of()); // as a torn write would leave them
        ListPage page = catalogue.list(new ListQuery("", null, null, 10,
                filter(null, Set.of(), null, null, Set.of("red"), Set.of(), Map.of(), Map.of())));
        assertEquals(List.of("k1"), page.objects().stream().map(s -> s.metadata().key()).toList());
    }

    @Test
    void aPageExaminesAtMostItsBudgetAndSaysWhereToGoOn() {
        // Tag "a" on even keys, "b" on odd ones, one key carries both: each index holds half the records
        // (so the pages read the records), their AND is one key.
        int n = 2 * FilteredListing.MAX_EXAMINED + 1000;
        String both = String.format("k%06d", n - 99);
        for (int i = 0; i < n; i++) {
            String key = String.format("k%06d", i);
            memory.commitIfNewer(Records.document(key, key.equals(both) ? Set.of("a", "b") : Set.of(i % 2 == 0 ? "a" : "b")));
        }
        ListFilter rare = filter(null, Set.of(), null, null, Set.of("a", "b"), Set.of(), Map.of(), Map.of());
        recordsRead.set(0);
        ListPage first = catalogue.list(new ListQuery("", null, null, 10, rare));
        assertEquals(List.of(), first.objects());
        assertTrue(first.truncated(), "the walk stopped at its budget, not at the end");
        assertEquals(FilteredListing.MAX_EXAMINED, recordsRead.get());
        assertEquals(0, recordsGot.get(), "half the records carry each tag: they are read in key order");
        ListPage second = catalogue.list(new ListQuery("", first.nextStartAfter(), null, 10, rare));
        assertEquals(List.of(), second.objects());
        assertEquals(2 * FilteredListing.MAX_EXAMINED, recordsRead.get());
        ListPage third = catalogue.list(new ListQuery("", second.nextStartAfter(), null, 10, rare));
        assertEquals(List.of(both), third.objects().stream().map(s -> s.metadata().key()).toList());
        assertNull(third.nextStartAfter());
        assertEquals(n, recordsRead.get(), "three pages read every record once");
    }

    @Test
    void aFilteredListingHasNoDelimiter() {
        assertThrows(IllegalArgumentException.class, () -> new ListQuery("", null, "/", 10,
                filter("blob", Set.of(), null, null, Set.of(), Set.of(), Map.of(), Map.of())));
    }

    static ListFilter filter(String kind, Set<String> states, String type, Range<Long> size, Set<String> all, Set<String> any,
                             Map<String, String> fields, Map<String, Range<BigDecimal>> ranges) {
        return new ListFilter(kind, states, type, size, null, all, any, fields, ranges);
    }

    private static ObjectMetadata withTags(ObjectMetadata record, Set<String> tags) {
        ObjectMetadata tagged = record.withLabels(record.labels().withTags(tags));
        return new ObjectMetadata(tagged.key(), new io.hybridstore.common.model.Version(0, tagged.version().offset() + 100_000),
                tagged.state(), tagged.fieldOrder(), tagged.hot(), tagged.cold(), tagged.pendingNodes(), tagged.failedNodes(),
                tagged.createdAt(), tagged.updatedAt(), tagged.blob(), tagged.stripes(), tagged.labels(), tagged.indexedFields());
    }
}
