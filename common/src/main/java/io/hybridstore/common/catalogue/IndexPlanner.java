package io.hybridstore.common.catalogue;

import io.hybridstore.common.model.ObjectMetadata;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a filtered page finds its candidates. Each indexed predicate of a {@link ListFilter} is a
 * candidate {@link Source} (a state filter that takes {@code clean}, which has no entries, is not;
 * a JSON type filter walks the documents' kind entries too: see {@link IndexEntries}); the listing
 * reads a first batch of each (a probe) and walks the most selective one, checking every other
 * predicate on the records it reads. With no usable source it walks the records themselves. Pure:
 * the probes are facts handed in.
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
 * records themselves in key order. {@link #walkRecords} weighs it on the first records after the
 * cursor, read anyway: how many of them match the filter (then no index is probed at all), or carry
 * the chosen source's entry ({@link #carrying}).
 */
public final class IndexPlanner {

    /**
     * The share of the records above which an index is not worth walking. etcd reads a key from its
     * store at about the same cost whether in a range or a get (a get in a transaction costs a little
     * more), and an index walk reads two keys per candidate (its entry and its record) where a
     * record walk reads one per record: so at a share of 1/2 the two cost the same, and the
     * transactions' overhead moves the break-even somewhat below it.
     */
    public static final double DENSE_SHARE = 0.4;

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
        // Clean objects have no state entry: a filter that takes them walks another index or the records.
        if (!filter.states().isEmpty() && filter.states().stream().allMatch(IndexEntries::stateIndexed)) {
            sources.add(values(IndexKeys.STATE, filter.states()));
        }
        if (filter.contentType() != null) {
            List<String> prefixes = new ArrayList<>(List.of(IndexKeys.valuePrefix(IndexKeys.TYPE, filter.contentType())));
            if (IndexEntries.typeImplied(ObjectFacts.DOCUMENT, filter.contentType())) {
                prefixes.add(IndexKeys.valuePrefix(IndexKeys.KIND, ObjectFacts.DOCUMENT)); // JSON documents carry no type entry
            }
            sources.add(new Values(prefixes));
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
     * Whether the page should read the records in key order rather than walk an index: true when, of
     * the first {@code records} records after the cursor, more than {@link #DENSE_SHARE} are in it
     * ({@code entries}: those matching the filter, or carrying the chosen source's entry).
     */
    public static boolean walkRecords(int entries, int records) {
        return entries > DENSE_SHARE * records;
    }

    /**
     * How many of {@code records} carry an entry of {@code source}: how dense its index is over the
     * records a page would otherwise read, judged on the records themselves (no index read).
     */
    public static int carrying(Source source, List<ObjectMetadata> records) {
        int n = 0;
        for (ObjectMetadata record : records) {
            if (!record.deleted() && IndexEntries.of(record).stream().anyMatch(entry -> holds(source, entry))) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code entry} is one of the entries {@code source} selects. */
    static boolean holds(Source source, String entry) {
        return switch (source) {
            case Values values -> values.valuePrefixes().stream().anyMatch(entry::startsWith);
            case Span span -> {
                if (!entry.startsWith(span.family())) {
                    yield false;
                }
                String number = entry.substring(span.family().length(), entry.indexOf('/', span.family().length()));
                yield (span.low() == null || number.compareTo(span.low()) >= 0) && (span.high() == null || number.compareTo(span.high()) <= 0);
            }
        };
    }

    /**
     * How many records a record walk reads next: what the page still needs at the match rate seen
     * so far, a tenth more for the variance, at least {@code floor}. So a page at 45 % matches reads
     * its ~2,200 records in one or two ranges rather than three of 1,000 or a dozen of 100.
     *
     * @param need     items the page still lacks
     * @param matched  items found so far
     * @param examined records read so far
     * @param floor    the least worth a round trip (the page's batch)
     */
    public static int recordsToRead(int need, int matched, int examined, int floor) {
        if (matched == 0 || examined == 0) {
            return floor;
        }
        long estimate = (long) Math.ceil(1.1 * need * examined / matched) + 1;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(floor, estimate));
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
