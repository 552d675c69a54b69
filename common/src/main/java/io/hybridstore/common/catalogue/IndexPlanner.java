package io.hybridstore.common.catalogue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a filtered page finds its candidates. Each indexed predicate of a {@link ListFilter} is a
 * candidate {@link Source}; the listing reads a first batch of each (a probe) and walks the most
 * selective one, checking every other predicate on the records it reads. With no usable source it
 * walks the records themselves. Pure: the probes are facts handed in.
 *
 * <p>How "most selective" is judged without counting (a count in etcd walks the whole range):
 * a source whose probe read everything it has ({@link Probe#exhausted}) is a complete candidate
 * set, and the smallest of those wins; failing that, each probe read the same number of entries,
 * and the one whose last entry lies furthest along the key order is the sparsest over the keys
 * the listing walks, so it wins. A numeric range's entries are in value order, not key order: its
 * source is used only when the whole range holds at most {@link #SPAN_CAP} entries, which the
 * listing then sorts by key; a wider range is checked on the records instead.
 *
 * <p>The most selective source may still hold most of the records (a filter like
 * {@code kind=document&tag=common}): walking it costs a get per candidate, more than reading the
 * records themselves in key order. {@link #walkRecords} weighs the chosen probe against the
 * number of records in the span it covered, which etcd counts without reading them.
 */
public final class IndexPlanner {

    /**
     * The share of the records above which an index is not worth walking. A candidate found through
     * an index costs its entry (a key read) and a get of its record among up to 128 in a transaction;
     * a record read in a range costs about a third of that in etcd (docs/benchmarks.md, bench-list).
     * So once an index holds more than a quarter of the records it walks, reading every record in
     * key order and checking the filter in memory reads fewer bytes and costs etcd less.
     */
    public static final double DENSE_SHARE = 0.25;

    /** Entries a numeric range may hold to serve as the candidate set (read whole, sorted by key). */
    public static final int SPAN_CAP = 2000;

    private IndexPlanner() {
    }

    /** The index entries a predicate selects, found by their prefixes. */
    public sealed interface Source permits Values, Span {
    }

    /**
     * Entries under any of these value prefixes ({@link IndexKeys#valuePrefix}), merged in
     * object-key order: one prefix for an equality, several for "any of".
     */
    public record Values(List<String> valuePrefixes) implements Source {
        public Values {
            valuePrefixes = List.copyOf(valuePrefixes);
        }
    }

    /**
     * Entries of a numeric family ({@code size/}, {@code modified/}, {@code num/{field}/}) whose
     * sortable number lies between {@code low} and {@code high} inclusive (null: open).
     */
    public record Span(String family, String low, String high) implements Source {
    }

    /**
     * What a first read of a source showed.
     *
     * @param exhausted the read returned every entry the source has (from the cursor on)
     * @param count     entries read
     * @param reach     the object key of the last entry read, or null when none
     */
    public record Probe(Source source, boolean exhausted, int count, String reach) {
    }

    public static List<Source> candidates(ListFilter filter) {
        List<Source> sources = new ArrayList<>();
        if (filter.kind() != null) {
            sources.add(values(IndexKeys.KIND, List.of(filter.kind())));
        }
        if (!filter.states().isEmpty()) {
            sources.add(values(IndexKeys.STATE, filter.states()));
        }
        if (filter.contentType() != null) {
            sources.add(values(IndexKeys.TYPE, List.of(filter.contentType())));
        }
        filter.allTags().forEach(tag -> sources.add(values(IndexKeys.TAG, List.of(tag))));
        if (!filter.anyTags().isEmpty()) {
            sources.add(values(IndexKeys.TAG, filter.anyTags()));
        }
        filter.fields().forEach((field, value) -> sources.add(new Values(List.of(IndexKeys.fieldPrefix(field, value)))));
        if (filter.size() != null) {
            sources.add(longSpan(IndexKeys.SIZE, filter.size()));
        }
        if (filter.modified() != null) {
            sources.add(longSpan(IndexKeys.MODIFIED, filter.modified()));
        }
        for (Map.Entry<String, Range<BigDecimal>> range : filter.fieldRanges().entrySet()) {
            Range<BigDecimal> r = range.getValue();
            sources.add(new Span(IndexKeys.numberFamily(range.getKey()), number(r.min()), number(r.max())));
        }
        return sources;
    }

    /** The most selective source, or empty when none can serve (the page then walks the records). */
    public static Optional<Probe> choose(List<Probe> probes) {
        Optional<Probe> smallestComplete = probes.stream().filter(Probe::exhausted).min(Comparator.comparingInt(Probe::count));
        if (smallestComplete.isPresent()) {
            return smallestComplete;
        }
        // Spans are complete or unusable; an incomplete Values probe always has a reach (it read a full batch).
        return probes.stream()
                .filter(p -> p.source() instanceof Values && p.reach() != null)
                .max(Comparator.comparing(Probe::reach, KeyOrder.UTF8));
    }

    /**
     * Whether the page should read the records in key order rather than walk {@code chosen}: true
     * when its entries are more than {@link #DENSE_SHARE} of the records in the span its probe
     * covered ({@code recordsInSpan}: the records from the cursor through the probe's reach). A
     * source whose probe read all it has is always walked: it costs at most one batch of gets, while
     * the records after the cursor may be many.
     */
    public static boolean walkRecords(Probe chosen, long recordsInSpan) {
        return !chosen.exhausted() && chosen.count() > DENSE_SHARE * recordsInSpan;
    }

    private static Values values(String family, Iterable<String> values) {
        List<String> prefixes = new ArrayList<>();
        values.forEach(v -> prefixes.add(IndexKeys.valuePrefix(family, v)));
        return new Values(prefixes);
    }

    private static Span longSpan(String family, Range<Long> range) {
        return new Span(family, range.min() == null ? null : IndexKeys.sortableLong(range.min()),
                range.max() == null ? null : IndexKeys.sortableLong(range.max()));
    }

    private static String number(BigDecimal value) {
        return value == null ? null : IndexKeys.sortableNumber(value);
    }
}
