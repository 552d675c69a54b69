package io.hybridstore.common.usage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds deltas into totals: adds each delta's counts to every counted prefix of its key, and counts
 * content references to keep the bytes saved by dedup (every reference past a content's first saves
 * its bytes; the root prefix holds that counter). Pure; the same fold serves the folder, which stores
 * the result, and the report, which adds the deltas not folded yet without storing anything.
 *
 * <p>Deltas may be folded in any order and in any batches: counts add, and a content's reference
 * count only matters at 0 and 1, which a key's own deltas pass in their WAL order (a key's later
 * write removes what its earlier one added, and both sort by version).
 */
public final class UsageFold {

    private final Map<String, UsageCounts> totals;
    private final Map<String, References> references;

    /**
     * @param totals     the stored totals of every prefix the deltas touch (missing = zero)
     * @param references the stored reference counts of every content the deltas touch (missing = none)
     */
    public UsageFold(Map<String, UsageCounts> totals, Map<String, References> references) {
        this.totals = new TreeMap<>(totals);
        this.references = new HashMap<>(references);
    }

    public UsageFold add(List<UsageDelta> deltas) {
        deltas.forEach(this::add);
        return this;
    }

    public UsageFold add(UsageDelta delta) {
        for (String prefix : UsagePrefixes.of(delta.key())) {
            totals.merge(prefix, delta.counts(), UsageCounts::plus);
        }
        long saved = 0;
        for (ContentRef ref : delta.refs()) {
            References before = references.getOrDefault(ref.content(), References.NONE);
            References after = new References(before.count() + ref.change(), before.count() > 0 ? before.bytes() : ref.bytes());
            // A second or later reference saves its bytes; dropping one while others remain gives them back.
            if (ref.change() > 0 && before.count() >= 1 || ref.change() < 0 && after.count() >= 1) {
                saved += ref.change() * after.bytes();
            }
            references.put(ref.content(), after);
        }
        if (saved != 0) {
            totals.merge("", UsageCounts.ZERO.with(UsageCounts.DEDUP_SAVED, saved), UsageCounts::plus);
        }
        return this;
    }

    /** Every touched prefix's totals. */
    public Map<String, UsageCounts> totals() {
        return totals;
    }

    /** Every touched content's references; a count of 0 means the stored entry goes. */
    public Map<String, References> references() {
        return references;
    }

    /**
     * How many records reference a content, and the bytes its copies take.
     *
     * @param count  records referencing it
     * @param bytes  copies x bytes each, as its first reference said
     */
    public record References(long count, long bytes) {
        public static final References NONE = new References(0, 0);
    }
}
