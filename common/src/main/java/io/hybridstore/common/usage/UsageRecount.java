package io.hybridstore.common.usage;

import io.hybridstore.common.model.ObjectMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds the usage counters of a counted prefix from its records: what a cluster needs for records
 * written before the counters existed, which no delta ever counted. Pure: the adapter reads the
 * records and the counters at one etcd revision and writes what {@link #corrections} returns.
 *
 * <p>Why corrections rather than new totals: writes go on during the scan, and the folder keeps
 * moving deltas into the totals. The counters at the snapshot ({@code stored}: the totals plus the
 * deltas not folded yet, as a report reads them) and the records at the same snapshot differ by
 * exactly what was never counted; the difference, written as ordinary deltas, is folded like any
 * write's and adds to whatever the counters hold by then. So a report after the recount is exact,
 * whatever was written or folded since the snapshot.
 *
 * <p>A correction delta adds to its key's counted prefix and every ancestor ({@link UsagePrefixes#of}),
 * so each counted prefix gets a delta keyed by the prefix itself holding its own difference less its
 * counted children's, and every ancestor ends up corrected by the sum beneath it. The dedup saving
 * ({@link UsageCounts#DEDUP_SAVED}) is left as the folds keep it: it comes from the content
 * references, which span prefixes and are not recounted.
 */
public final class UsageRecount {

    /**
     * What a recount did.
     *
     * @param revision    the etcd revision the records and counters were read at (a fake's own counter)
     * @param records     records read under the prefix, tombstones included
     * @param corrections the deltas written (none when the counters were exact already)
     */
    public record Result(String prefix, long revision, long records, List<UsageDelta> corrections) {
        public Result {
            corrections = List.copyOf(corrections);
        }
    }

    private final String prefix;
    private final UsageFold counted = new UsageFold(Map.of(), Map.of());
    private long records;

    public UsageRecount(String prefix) {
        if (!UsagePrefixes.isCounted(prefix)) {
            throw new IllegalArgumentException("'" + prefix + "' is not a counted prefix");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Counts one record under the prefix as read at the snapshot; a tombstone counts nothing. */
    public void add(ObjectMetadata record) {
        if (!record.key().startsWith(prefix)) {
            throw new IllegalArgumentException(record.key() + " is not under '" + prefix + "'");
        }
        counted.add(countsOnly(UsageDelta.between(null, record)));
        records++;
    }

    /** Records counted so far, tombstones included. */
    public long records() {
        return records;
    }

    /** What the records say, per counted prefix under this one (no dedup saving). */
    public Map<String, UsageCounts> counted() {
        return underPrefix(counted.totals());
    }

    /**
     * The counters as a report reads them at the snapshot: {@code totals} (the stored totals of the
     * counted prefixes under this one) with {@code unfolded} (the deltas not folded yet) added.
     */
    public Map<String, UsageCounts> stored(Map<String, UsageCounts> totals, List<UsageDelta> unfolded) {
        UsageFold fold = new UsageFold(totals, Map.of());
        unfolded.stream().filter(d -> d.key().startsWith(prefix)).map(UsageRecount::countsOnly).forEach(fold::add);
        return underPrefix(fold.totals());
    }

    /**
     * The deltas that turn {@code stored} (as {@link #stored} builds it) into what the records say,
     * one per counted prefix whose own difference is not zero, each keyed by that prefix.
     */
    public List<UsageDelta> corrections(Map<String, UsageCounts> stored) {
        Map<String, UsageCounts> counts = counted();
        TreeSet<String> prefixes = new TreeSet<>(counts.keySet());
        prefixes.addAll(stored.keySet());
        Map<String, UsageCounts> difference = new TreeMap<>();
        for (String p : prefixes) {
            difference.put(p, withoutSaving(counts.getOrDefault(p, UsageCounts.ZERO)).minus(withoutSaving(stored.getOrDefault(p, UsageCounts.ZERO))));
        }
        Map<String, UsageCounts> own = new TreeMap<>(difference);
        for (String p : prefixes) {
            String parent = parentOf(p);
            if (parent != null && own.containsKey(parent)) {
                own.merge(parent, difference.get(p), UsageCounts::minus);
            }
        }
        List<UsageDelta> deltas = new ArrayList<>();
        own.forEach((p, change) -> {
            if (!change.isZero()) {
                deltas.add(new UsageDelta(p, change, List.of()));
            }
        });
        return deltas;
    }

    /** The counted prefix just above {@code counted}, or null for the root. */
    static String parentOf(String counted) {
        List<String> chain = UsagePrefixes.of(counted);
        return chain.size() < 2 ? null : chain.get(chain.size() - 2);
    }

    private Map<String, UsageCounts> underPrefix(Map<String, UsageCounts> totals) {
        Map<String, UsageCounts> under = new TreeMap<>();
        totals.forEach((p, c) -> {
            if (p.startsWith(prefix)) {
                under.put(p, c);
            }
        });
        return under;
    }

    private static UsageDelta countsOnly(UsageDelta delta) {
        return new UsageDelta(delta.key(), delta.counts(), List.of());
    }

    private static UsageCounts withoutSaving(UsageCounts counts) {
        return counts.with(UsageCounts.DEDUP_SAVED, -counts.get(UsageCounts.DEDUP_SAVED));
    }
}
