package io.hybridstore.common.spi;

import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageRecount;

/**
 * The usage counters the metadata store keeps with every record write (a {@link io.hybridstore.common.usage.UsageDelta}
 * in the same transaction). Reading them is exact and costs the counted prefix's totals plus the
 * deltas not folded yet, never a scan of the records.
 */
public interface UsageStore {

    /** The usage under a counted prefix ({@link io.hybridstore.common.usage.UsagePrefixes#isCounted}). */
    UsageCounts usage(String prefix);

    /**
     * Folds up to {@code limit} of the oldest deltas into the totals, in guarded transactions (as many
     * as the store's limits need), and returns how many it folded (0: none waiting, or another folder
     * won this round; fewer than were waiting when another folder came in between). Safe from any
     * number of processes at once; each delta is counted exactly once.
     */
    int fold(int limit);

    /**
     * Rebuilds the counters of a counted prefix (and the counted prefixes under it) from its records
     * ({@link io.hybridstore.common.usage.UsageRecount}): reads the records and the counters at one
     * snapshot and writes the difference as correction deltas, so writes and folds may go on meanwhile.
     * A recount that another one overtook fails with CONFLICT (retryable): run it again.
     */
    UsageRecount.Result recount(String prefix);
}
