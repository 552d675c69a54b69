package io.hybridstore.common.catalogue;

import io.hybridstore.common.catalogue.IndexPlanner.Probe;
import io.hybridstore.common.catalogue.IndexPlanner.Source;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of a filtered listing. It first reads the {@value #PROBE} records after the cursor (the
 * record probe) and checks the filter on them: when many match, the page reads on in key order
 * ({@link IndexPlanner#walkRecords}) without looking at any index; otherwise it walks the most
 * selective index ({@link IndexPlanner}) from where the probe ended, unless that index too holds
 * most of the probed records (a get per entry would then cost more than reading them all). Every
 * candidate is kept only if {@link ListFilter#matches} its record as read now, so an index entry
 * left behind by a concurrent write costs a read, never a wrong item.
 *
 * <p>Why records first: a dense filter ({@code kind=document&tag=common}, 45 %) used to probe each
 * of its indexes before finding out that it would read the records anyway, 10 of its 18 etcd range
 * reads per page at 100k objects (docs/benchmarks.md); the probe's records are items or misses of
 * the page either way, so a selective filter pays for them only with the probe's round trips.
 *
 * <p>A page examines at most {@value #MAX_EXAMINED} candidates. When a filter matches few of the
 * candidates its best index yields, the page may come back short (even empty) with a cursor to
 * go on from: the cost of a request follows the page, never the number of objects stored.
 */
final class FilteredListing {

    static final int MAX_EXAMINED = 10_000;
    /** Entries a probe reads at least, so that a small page still judges selectivity on a fair sample. */
    static final int MIN_BATCH = 100;
    /**
     * Entries each index probe reads, and records the record probe reads: enough to judge
     * selectivity, few enough that the sources not chosen cost little (each probe of a page of
     * 1,000 used to read 1,001 entries, most of them thrown away).
     */
    static final int PROBE = 100;

    private final MetadataStore store;
    private final ListQuery query;
    private final int batch;

    FilteredListing(MetadataStore store, ListQuery query) {
        this.store = store;
        this.query = query;
        this.batch = Math.min(ListQuery.MAX_LIMIT, Math.max(query.limit() + 1, MIN_BATCH));
    }

    ListPage page() {
        Candidates candidates = plan();
        List<Stored> items = new ArrayList<>();
        int examined = 0;
        while (true) {
            int want = Math.min(candidates.readSize(query.limit() - items.size(), items.size(), examined), MAX_EXAMINED - examined);
            if (want <= 0) {
                return new ListPage(items, List.of(), candidates.lastTaken()); // budget spent: go on from here
            }
            List<Stored> read = candidates.next(want);
            examined += candidates.taken();
            for (int i = 0; i < read.size(); i++) {
                Stored stored = read.get(i);
                if (!query.filter().matches(stored.metadata())) {
                    continue;
                }
                items.add(stored);
                if (items.size() == query.limit()) {
                    boolean more = i < read.size() - 1 || candidates.more();
                    return new ListPage(items, List.of(), more ? stored.metadata().key() : null);
                }
            }
            if (!candidates.more()) {
                return new ListPage(items, List.of(), null);
            }
        }
    }

    /**
     * Reads the record probe; walks on in key order when the filter matches many of its records,
     * else probes every indexed predicate after it and walks the most selective, unless that one
     * holds many of the probed records too or none can serve.
     */
    private Candidates plan() {
        List<Stored> probed = store.scan(query.prefix(), recordStart(), PROBE);
        if (probed.size() < PROBE) {
            return new RecordCandidates(probed, false); // every record after the cursor is read
        }
        long matching = probed.stream().filter(s -> query.filter().matches(s.metadata())).count();
        if (IndexPlanner.walkRecords((int) matching, probed.size())) {
            return new RecordCandidates(probed, true);
        }
        String reach = probed.get(probed.size() - 1).metadata().key();
        List<Source> sources = IndexPlanner.candidates(query.filter());
        // One source has no rival to be weighed against: its first read is a whole batch, not a probe.
        int probeSize = sources.size() == 1 ? batch : Math.min(PROBE, batch);
        List<KeyStream> streams = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        for (Source source : sources) {
            KeyStream stream = KeyStream.open(store, source, query.prefix(), reach, probeSize, batch);
            Probe probe = stream.probe();
            if (probe != null) {
                streams.add(stream);
                probes.add(probe);
            }
        }
        Optional<Probe> chosen = IndexPlanner.choose(probes);
        if (chosen.isEmpty() || !chosen.get().exhausted()
                && IndexPlanner.walkRecords(IndexPlanner.carrying(chosen.get().source(), probed.stream().map(Stored::metadata).toList()),
                        probed.size())) {
            return new RecordCandidates(probed, true);
        }
        return new IndexCandidates(probed, streams.get(probes.indexOf(chosen.get())));
    }

    private ScanStart recordStart() {
        return query.startAfter() == null || KeyOrder.compare(query.startAfter(), query.prefix()) < 0
                ? ScanStart.at(query.prefix()) : ScanStart.after(query.startAfter());
    }

    /** Records to check, in key order, and how far the last batch went. */
    private abstract static class Candidates {
        private int taken;
        private String lastTaken;

        /** Up to {@code n} candidates taken; the records of those that exist. */
        abstract List<Stored> next(int n);

        abstract boolean more();

        /** How many candidates the next read should take, the page still lacking {@code need} items. */
        abstract int readSize(int need, int matched, int examined);

        /** Notes a batch: {@code count} candidates, the last of them {@code last}. */
        final void took(int count, String last) {
            taken = count;
            if (count > 0) {
                lastTaken = last;
            }
        }

        /** How many candidates the last {@link #next} took. */
        final int taken() {
            return taken;
        }

        final String lastTaken() {
            return lastTaken;
        }
    }

    /** The probed records, then the records of an index's entries after them. */
    private final class IndexCandidates extends Candidates {
        private List<Stored> probed;
        private final KeyStream keys;

        IndexCandidates(List<Stored> probed, KeyStream keys) {
            this.probed = probed;
            this.keys = keys;
        }

        @Override
        List<Stored> next(int n) {
            if (!probed.isEmpty()) {
                List<Stored> read = probed;
                probed = List.of();
                took(read.size(), read.get(read.size() - 1).metadata().key());
                return read;
            }
            List<String> batchKeys = new ArrayList<>(n);
            for (String key = keys.peek(); key != null && batchKeys.size() < n; key = keys.peek()) {
                batchKeys.add(key);
                keys.pop();
            }
            took(batchKeys.size(), batchKeys.isEmpty() ? null : batchKeys.get(batchKeys.size() - 1));
            return store.getAll(batchKeys);
        }

        @Override
        boolean more() {
            return !probed.isEmpty() || keys.peek() != null;
        }

        @Override
        int readSize(int need, int matched, int examined) {
            return batch;
        }
    }

    private final class RecordCandidates extends Candidates {
        private List<Stored> probed;
        private ScanStart start = recordStart();
        private boolean more;

        /**
         * @param probed the first records after the cursor, already read (the probe)
         * @param more   whether records may follow them
         */
        RecordCandidates(List<Stored> probed, boolean more) {
            this.probed = probed;
            this.more = more;
        }

        @Override
        List<Stored> next(int n) {
            List<Stored> read;
            if (!probed.isEmpty()) {
                read = probed; // the probe read PROBE records; the first read size asks for no more than that
                probed = List.of();
            } else if (more) {
                read = store.scan(query.prefix(), start, n);
                more = read.size() == n;
            } else {
                read = List.of();
            }
            String last = read.isEmpty() ? null : read.get(read.size() - 1).metadata().key();
            took(read.size(), last);
            if (last != null) {
                start = ScanStart.after(last);
            }
            return read;
        }

        @Override
        boolean more() {
            return more;
        }

        @Override
        int readSize(int need, int matched, int examined) {
            return !probed.isEmpty() ? probed.size() : IndexPlanner.recordsToRead(need, matched, examined, batch);
        }
    }
}
