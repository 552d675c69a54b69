package io.hybridstore.common.console;

/**
 * How far one part (or an object, by its worst part) is below full redundancy, judged by which of
 * its copies sit on live nodes. Ordered from best to worst, so the worst of several is the maximum.
 */
public enum Shortfall {
    FULL,
    MISSING_1,
    /** Two or more copies missing, still readable. */
    MISSING_2,
    /** Fewer copies than needed to read: no replica, or fewer than k shards. */
    LOST;

    /**
     * @param missing   copies not on a live node
     * @param tolerated copies the part can lose and still be read (replicas - 1, or m for shards)
     */
    public static Shortfall of(int missing, int tolerated) {
        if (missing > tolerated) {
            return LOST;
        }
        return switch (missing) {
            case 0 -> FULL;
            case 1 -> MISSING_1;
            default -> MISSING_2;
        };
    }

    public Shortfall worst(Shortfall other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Below full redundancy but readable: what the healer still has to repair. */
    public boolean degraded() {
        return this == MISSING_1 || this == MISSING_2;
    }
}
