package io.hybridstore.common.catalogue;

import io.hybridstore.common.model.ObjectMetadata;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a filtered listing keeps: every predicate set must hold (AND); an empty set or null means
 * "any". The listing walks an index to find candidates ({@link IndexPlanner}) and keeps a record
 * only if {@link #matches} says so on the record itself, so a stale index entry can cost a read
 * but never a wrong item.
 *
 * @param kind        {@code document} or {@code blob}, or null
 * @param states      any of these states ({@link ObjectFacts#state}), or empty
 * @param contentType exactly this content type, or null
 * @param size        logical size in bytes within this range, or null
 * @param modified    last modified (epoch millis) within this range, or null
 * @param allTags     carries every one of these tags
 * @param anyTags     carries at least one of these tags, or empty
 * @param fields      indexed hot field = value (canonical text, {@link IndexedFields})
 * @param fieldRanges indexed hot field's numeric value within a range
 */
public record ListFilter(String kind, Set<String> states, String contentType, Range<Long> size, Range<Long> modified,
                         Set<String> allTags, Set<String> anyTags, Map<String, String> fields,
                         Map<String, Range<BigDecimal>> fieldRanges) {

    /** Keeps every live object: the plain key-ordered listing. */
    public static final ListFilter ALL = new ListFilter(null, null, null, null, null, null, null, null, null);

    public ListFilter {
        states = sorted(states);
        allTags = sorted(allTags);
        anyTags = sorted(anyTags);
        fields = fields == null ? new TreeMap<>() : new TreeMap<>(fields);
        fieldRanges = fieldRanges == null ? new TreeMap<>() : new TreeMap<>(fieldRanges);
        fields = java.util.Collections.unmodifiableMap(fields);
        fieldRanges = java.util.Collections.unmodifiableMap(fieldRanges);
    }

    public boolean isAll() {
        return kind == null && states.isEmpty() && contentType == null && size == null && modified == null && allTags.isEmpty()
                && anyTags.isEmpty() && fields.isEmpty() && fieldRanges.isEmpty();
    }

    /** Whether {@code record} is listed under this filter, decided on the record alone. */
    public boolean matches(ObjectMetadata record) {
        if (record.deleted()) {
            return false;
        }
        if (kind != null && !kind.equals(ObjectFacts.kind(record))
                || !states.isEmpty() && !states.contains(ObjectFacts.state(record))
                || contentType != null && !contentType.equals(ObjectFacts.contentType(record))
                || size != null && !size.contains(ObjectFacts.size(record))
                || modified != null && !modified.contains(ObjectFacts.modified(record))) {
            return false;
        }
        Set<String> tags = record.labels().tags();
        if (!tags.containsAll(allTags) || !anyTags.isEmpty() && anyTags.stream().noneMatch(tags::contains)) {
            return false;
        }
        SortedMap<String, String> values = record.indexedFields();
        for (Map.Entry<String, String> wanted : fields.entrySet()) {
            if (!wanted.getValue().equals(values.get(wanted.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, Range<BigDecimal>> range : fieldRanges.entrySet()) {
            if (!range.getValue().contains(IndexedFields.number(values.get(range.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static SortedSet<String> sorted(Set<String> values) {
        return java.util.Collections.unmodifiableSortedSet(values == null ? new TreeSet<>() : new TreeSet<>(values));
    }
}
