package io.hybridstore.common.catalogue;

import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MetadataStore.Stored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Compares the secondary indexes with the records and, when asked, rebuilds them: two passes in
 * pages, so memory stays one page whatever the store holds.
 *
 * <ol>
 *   <li>every record: the entries it implies ({@link IndexEntries#of}) that are missing;</li>
 *   <li>every index entry: one its object's record does not imply (an orphan).</li>
 * </ol>
 *
 * A repair is guarded on the revision of the record it was computed from
 * ({@link MetadataStore#repairIndex}), so it never undoes a write that landed meanwhile; such a
 * write maintained the entries itself. A write during the compare can show up as a difference
 * that is gone by the time it is looked at: run it again to tell a real one from a passing one.
 */
public final class IndexAudit {

    static final int PAGE = 500;
    static final int MAX_SAMPLES = 20;

    private final MetadataStore store;

    public IndexAudit(MetadataStore store) {
        this.store = store;
    }

    /**
     * @param records  live records read
     * @param entries  index entries read
     * @param missing  entries a record implies that were absent
     * @param orphans  entries no record implies
     * @param retired  of the orphans, those of the values that no longer have entries ({@link IndexEntries#retired}): what
     *                 a store written before they went keeps until its first rebuild, read by no filter but the JSON type's
     * @param repaired differences fixed (0 unless repairing; a record that changed meanwhile is skipped)
     * @param samples  the first few differences, e.g. {@code missing tag/red/k1}
     */
    public record Report(long records, long entries, long missing, long orphans, long retired, long repaired, List<String> samples) {
        public boolean consistent() {
            return missing == 0 && orphans == 0;
        }
    }

    public Report compare() {
        return run(false);
    }

    public Report rebuild() {
        return run(true);
    }

    private Report run(boolean repair) {
        Tally tally = new Tally();
        missingEntries(repair, tally);
        orphanEntries(repair, tally);
        return new Report(tally.records, tally.entries, tally.missing, tally.orphans, tally.retired, tally.repaired, tally.samples);
    }

    private void missingEntries(boolean repair, Tally tally) {
        ScanStart start = ScanStart.at("");
        while (true) {
            List<Stored> page = store.scan("", start, PAGE);
            Map<Stored, SortedSet<String>> implied = new LinkedHashMap<>();
            List<String> all = new ArrayList<>();
            for (Stored stored : page) {
                if (!stored.metadata().deleted()) {
                    tally.records++;
                    SortedSet<String> entries = IndexEntries.of(stored.metadata());
                    implied.put(stored, entries);
                    all.addAll(entries);
                }
            }
            Set<String> present = all.isEmpty() ? Set.of() : store.existingIndexEntries(all);
            implied.forEach((stored, entries) -> {
                List<String> absent = entries.stream().filter(e -> !present.contains(e)).toList();
                absent.forEach(e -> tally.sample("missing " + e));
                tally.missing += absent.size();
                if (repair && !absent.isEmpty()
                        && store.repairIndex(stored.metadata().key(), stored.revision(), absent, List.of())) {
                    tally.repaired += absent.size();
                }
            });
            if (page.size() < PAGE) {
                return;
            }
            start = ScanStart.after(page.get(page.size() - 1).metadata().key());
        }
    }

    private void orphanEntries(boolean repair, Tally tally) {
        ScanStart start = ScanStart.at("");
        while (true) {
            List<String> page = store.indexEntries("", start, PAGE);
            tally.entries += page.size();
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            page.forEach(e -> byKey.computeIfAbsent(IndexKeys.objectKeyOf(e), k -> new ArrayList<>()).add(e));
            Map<String, Stored> records = new HashMap<>();
            store.getAll(new ArrayList<>(byKey.keySet())).forEach(s -> records.put(s.metadata().key(), s));
            byKey.forEach((key, entries) -> {
                Stored stored = records.get(key);
                ObjectMetadata record = stored == null ? null : stored.metadata();
                SortedSet<String> implied = IndexEntries.of(record);
                List<String> orphans = entries.stream().filter(e -> !implied.contains(e)).toList();
                orphans.forEach(e -> tally.sample("orphan " + e));
                tally.orphans += orphans.size();
                tally.retired += orphans.stream().filter(IndexEntries::retired).count();
                if (repair && !orphans.isEmpty()
                        && store.repairIndex(key, stored == null ? 0 : stored.revision(), List.of(), orphans)) {
                    tally.repaired += orphans.size();
                }
            });
            if (page.size() < PAGE) {
                return;
            }
            start = ScanStart.after(page.get(page.size() - 1));
        }
    }

    private static final class Tally {
        long records;
        long entries;
        long missing;
        long orphans;
        long retired;
        long repaired;
        final List<String> samples = new ArrayList<>();

        void sample(String difference) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(difference);
            }
        }
    }
}
