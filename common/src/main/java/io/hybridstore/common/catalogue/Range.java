package io.hybridstore.common.catalogue;

/**
 * An inclusive range of a filter ({@code min..max}); either end may be open (null), not both.
 */
public record Range<T extends Comparable<? super T>>(T min, T max) {

    public Range {
        if (min == null && max == null) {
            throw new IllegalArgumentException("a range needs at least one end");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("range " + min + ".." + max + " is empty: its start is past its end");
        }
    }

    public boolean contains(T value) {
        return value != null && (min == null || min.compareTo(value) <= 0) && (max == null || max.compareTo(value) >= 0);
    }
}
