package io.hybridstore.common.usage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hybridstore.common.model.ObjectState;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Named counters that add up: object counts and logical bytes per kind and state, physical bytes per
 * kind, bytes saved by dedup. Zero counters are left out, so equal usage is equal. Stored as a JSON
 * object of name to number (a delta, a prefix's totals).
 */
public record UsageCounts(SortedMap<String, Long> values) {

    public static final UsageCounts ZERO = new UsageCounts(new TreeMap<>());

    /** Bytes the chunks of equal content would take again had they not been shared (kept for the root prefix only). */
    public static final String DEDUP_SAVED = "dedup.saved";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public UsageCounts {
        TreeMap<String, Long> nonZero = new TreeMap<>();
        if (values != null) {
            values.forEach((name, value) -> {
                if (value != null && value != 0) {
                    nonZero.put(name, value);
                }
            });
        }
        values = Collections.unmodifiableSortedMap(nonZero);
    }

    @JsonValue
    @Override
    public SortedMap<String, Long> values() {
        return values;
    }

    public static String objects(Kind kind, ObjectState state) {
        return kind.label() + "." + state.name().toLowerCase(Locale.ROOT) + ".objects";
    }

    public static String bytes(Kind kind, ObjectState state) {
        return kind.label() + "." + state.name().toLowerCase(Locale.ROOT) + ".bytes";
    }

    public static String physical(Kind kind) {
        return kind.label() + ".physical";
    }

    public long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    public UsageCounts plus(UsageCounts other) {
        return combine(other, 1);
    }

    public UsageCounts minus(UsageCounts other) {
        return combine(other, -1);
    }

    public UsageCounts with(String name, long delta) {
        return plus(new UsageCounts(new TreeMap<>(Map.of(name, delta))));
    }

    @JsonIgnore
    public boolean isZero() {
        return values.isEmpty();
    }

    private UsageCounts combine(UsageCounts other, int sign) {
        TreeMap<String, Long> sum = new TreeMap<>(values);
        other.values.forEach((name, value) -> sum.merge(name, sign * value, Long::sum));
        return new UsageCounts(sum);
    }

    /** What a record holds. */
    public enum Kind {
        DOCUMENT,
        BLOB;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
