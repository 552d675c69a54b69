package io.hybridstore.common.catalogue;

import io.hybridstore.common.catalogue.IndexPlanner.Probe;
import io.hybridstore.common.catalogue.IndexPlanner.Source;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of a filtered listing: candidates from the most selective index ({@link IndexPlanner}),
 * or from the records in key order when no index helps or the best one holds so many of them that
 * a get per entry costs more than reading them all ({@link IndexPlanner#walkRecords}), each kept only if {@link ListFilter#matches} its record
 * as read now. So an index entry left behind by a concurrent write costs a read, never a wrong item.
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
     * Probes every indexed predicate and keeps the walk of the most selective; or, when none can
     * serve or the best one holds much of the records after the cursor, walks the records.
     */
    private Candidates plan() {
        List<KeyStream> streams = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        for (Source source : IndexPlanner.candidates(query.filter())) {
            KeyStream stream = KeyStream.open(store, source, query.prefix(), query.startAfter(), Math.min(PROBE, batch), batch);
            Probe probe = stream.probe();
            if (probe != null) {
                streams.add(stream);
                probes.add(probe);
            }
        }
        Optional<Probe> chosen = IndexPlanner.choose(probes);
        if (chosen.isEmpty()) {
            return new RecordCandidates(List.of());
        }
        KeyStream best = streams.get(probes.indexOf(chosen.get()));
        if (chosen.get().exhausted()) {
            return new IndexCandidates(best);
        }
        // The first records after the cursor, kept as the record walk's first batch if it wins.
        List<Stored> firstRecords = store.scan(query.prefix(), recordStart(), PROBE);
        if (firstRecords.size() == PROBE) {
            String reach = firstRecords.get(firstRecords.size() - 1).metadata().key();
            if (IndexPlanner.walkRecords(best.countUpTo(reach), firstRecords.size())) {
                return new RecordCandidates(firstRecords);
            }
        }
        return new IndexCandidates(best);
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

    private final class IndexCandidates extends Candidates {
        private final KeyStream keys;

        IndexCandidates(KeyStream keys) {
            this.keys = keys;
        }

        @Override
        List<Stored> next(int n) {
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
            return keys.peek() != null;
        }

        @Override
        int readSize(int need, int matched, int examined) {
            return batch;
        }
    }

    private final class RecordCandidates extends Candidates {
        private List<Stored> probed;
        private ScanStart start = recordStart();
        private boolean more = true;

        /** @param probed the first records after the cursor, already read (the probe), or none */
        RecordCandidates(List<Stored> probed) {
            this.probed = probed;
        }

        @Override
        List<Stored> next(int n) {
            List<Stored> read;
            if (!probed.isEmpty()) {
                read = probed; // the probe read PROBE records; the first read size asks for no more than that
                probed = List.of();
                more = true;
            } else {
                read = store.scan(query.prefix(), start, n);
                more = read.size() == n;
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
