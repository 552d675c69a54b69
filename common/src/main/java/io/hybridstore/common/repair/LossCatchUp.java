package io.hybridstore.common.repair;

import io.hybridstore.common.catalogue.KeyOrder;
import java.util.Set;

/**
 * What the {@link FullScan} owes after a storage node is lost: the records it looked at while that
 * node still counted as live are looked at again, at once, before the scan rests. Pure: the live set
 * of each page and where the scan stands in, decisions out; one per leadership term, as its scan.
 *
 * <p>A page before the loss saw the dead node's copies as redundancy or, once it stopped answering,
 * as unreachable (neither used nor replaced), and none was replaced. So the scan comes round to the
 * last key read before the loss was seen ({@link #rescanTo}) in its next cycle. A loss at a cycle's
 * first key needs no second round: the whole cycle is still ahead.
 */
final class LossCatchUp {

    private static final System.Logger LOG = System.getLogger(Healer.class.getName());

    /** The live nodes the last scan page healed with (this term), to notice a node lost between two pages. */
    private Set<String> lastPageLive;
    /** The last key read before a node was found lost: the scan comes round to it again; null when none. */
    private String rescanTo;
    /** Whether the cycle now scanned is the one that stops at {@link #rescanTo} (it started after the loss's cycle ended). */
    private boolean rescanning;
    /**
     * Whether the scan goes on at once when a pass's budget runs out: from a term's start (a node may
     * have died before this leader) until a cycle has looked at records, and from a node's loss until
     * every record has been looked at with the live set after it. Otherwise a healthy store is audited at its pace, one budget per pass
     * every interval (docs/operations.md): under load, back-to-back passes over a store larger than
     * the budget took the healer, etcd and the nodes' CPU from the writes for an audit that had found
     * nothing (docs/benchmarks.md, "Session 20 (lead)").
     */
    private boolean urgent = true;

    /**
     * Called with the live nodes a page is about to heal with, and the last key read before it: when a
     * node the page before saw live is gone, every record up to {@code readTo} is owed a second look.
     */
    void pageLive(Set<String> pageLive, String readTo) {
        Set<String> before = lastPageLive;
        lastPageLive = Set.copyOf(pageLive);
        if (before != null && !pageLive.containsAll(before)) {
            rescanTo = readTo;
            rescanning = false;
            urgent = true;
            LOG.log(System.Logger.Level.INFO, "healer: storage nodes gone since the last page: the scan comes round to "
                    + (readTo == null ? "nothing (the whole cycle is ahead)" : readTo) + " again before it rests");
        }
    }

    /** Whether the rescan has read up to where the loss was seen: the rest of its cycle waits for the next passes. */
    boolean reached(String readTo) {
        return rescanning && KeyOrder.compare(readTo, rescanTo) >= 0;
    }

    /**
     * A cycle ended. Returns whether the scan may rest: nothing is owed, so the slice ends; otherwise
     * the next cycle, from the first key, is the rescan and stops at {@link #rescanTo}.
     *
     * @param sawRecords whether the cycle looked at any record: an empty store's cycle (a new cluster's first)
     *                   looked at nothing, so the first cycle with records is urgent too
     */
    boolean cycleDone(boolean sawRecords) {
        if (rescanTo == null) {
            urgent &= !sawRecords;
            return true;
        }
        rescanning = true;
        return false;
    }

    /** The rescan reached where the loss was seen: every record has been looked at with the new live set. */
    void rescanned() {
        rescanTo = null;
        rescanning = false;
        urgent = false;
    }

    /** Whether the next pass should start at once when this one's budget runs out. */
    boolean urgent() {
        return urgent;
    }

    /** Whether a rescan is still owed. */
    boolean owed() {
        return rescanTo != null;
    }
}
