package io.hybridstore.common.tracker;

import java.util.HashSet;
import java.util.List;

/** Whether a tracker's copies are distinct, the check each tracker makes when it is made. */
final class Distinct {

    /** Up to this many copies are compared pairwise; more go through a set. */
    private static final int PAIRWISE = 16;

    private Distinct() {
    }

    /**
     * Pairwise for the few copies a part has (3 replicas, 6 shards): no set, no stream and no hash
     * of each copy's 70-character chunk id. The stream form was 1.6 % of the gateway's CPU samples
     * at 32 readers, every read making two trackers (docs/benchmarks.md, session 32).
     */
    static boolean all(List<?> copies) {
        int n = copies.size();
        if (n > PAIRWISE) {
            return new HashSet<>(copies).size() == n;
        }
        for (int i = 1; i < n; i++) {
            Object c = copies.get(i);
            for (int j = 0; j < i; j++) {
                if (c.equals(copies.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }
}
