package io.hybridstore.common.console;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Objects by {@link Shortfall}: overall (an object counts once, by its worst part) and per
 * {@link PartKind} (an object counts once per kind it has, by its worst part of that kind; a blob
 * with one stripe missing a shard is one STRIPE object at MISSING_1).
 */
public record RedundancyCounts(Tally overall, Map<PartKind, Tally> byKind) {

    public RedundancyCounts {
        byKind = Map.copyOf(byKind);
    }

    /** Counts of one grouping, indexed by {@link Shortfall#ordinal()}. */
    public record Tally(long full, long missing1, long missing2, long lost) {
        public static final Tally ZERO = new Tally(0, 0, 0, 0);

        static Tally of(long[] counts) {
            return new Tally(counts[0], counts[1], counts[2], counts[3]);
        }

        public long total() {
            return full + missing1 + missing2 + lost;
        }

        /** Below full redundancy and still readable: the healer's queue. */
        public long degraded() {
            return missing1 + missing2;
        }
    }

    static RedundancyCounts of(long[] overall, long[][] byKind) {
        Map<PartKind, Tally> kinds = new EnumMap<>(PartKind.class);
        for (PartKind kind : PartKind.values()) {
            kinds.put(kind, Tally.of(byKind[kind.ordinal()]));
        }
        return new RedundancyCounts(Tally.of(overall), kinds);
    }

    @Override
    public String toString() {
        return "RedundancyCounts" + Arrays.asList(overall, byKind);
    }
}
