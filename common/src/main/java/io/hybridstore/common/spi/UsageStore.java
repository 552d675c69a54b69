package io.hybridstore.common.spi;

import io.hybridstore.common.usage.UsageCounts;

/**
 * The usage counters the metadata store keeps with every record write (a {@link io.hybridstore.common.usage.UsageDelta}
 * in the same transaction). Reading them is exact and costs the counted prefix's totals plus the
 * deltas not folded yet, never a scan of the records.
 */
public interface UsageStore {

    /** The usage under a counted prefix ({@link io.hybridstore.common.usage.UsagePrefixes#isCounted}). */
    UsageCounts usage(String prefix);

    /**
     * Folds up to {@code limit} of the oldest deltas into the totals in one guarded transaction and
     * returns how many it folded (0: none waiting, or another folder won this round). Safe from any
     * number of processes at once; each delta is counted exactly once.
     */
    int fold(int limit);
}
