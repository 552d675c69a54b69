package io.hybridstore.bench.small;

import java.util.List;

/**
 * What the heal bench measured. Times are seconds; a figure not reached is null.
 *
 * @param documents                  documents written before the load started
 * @param documentsAtKill            documents the store held when the node was killed (the load's writes until then overwrite)
 * @param leader                     the healer that led at the end (its CPU is the heal's), null when none said so
 * @param recordsOnVictimAtExpiry    object records with a copy on the killed node when its lease expired (the records followed through etcd)
 * @param recordsOnVictimAtEnd       the same at full redundancy (0) or, when the bench timed out, at the timeout
 * @param killToLeaseExpiry          from the SIGKILL until the node's key left etcd
 * @param expiryToFirstRepair        until the first record lost its copy on the killed node
 * @param expiryToFullRedundancy     until the records followed held nothing left to heal, as the scan that followed confirmed
 * @param copiesRepaired             replicas and shards the healers made (their {@code repairs.done})
 * @param objectsPerSecond           records moved off the dead node ÷ (first repair → full redundancy, or → the timeout)
 * @param before                     client load before the kill
 * @param untilLeaseExpiry           client load from the kill to the lease expiry
 * @param healing                    client load from the lease expiry to full redundancy (or the timeout)
 * @param checks                     every exact check: what was left to heal at that moment
 */
record HealReport(String victim, int documents, int documentsAtKill, String leader, long recordsOnVictimAtExpiry, long recordsOnVictimAtEnd, Double killToLeaseExpiry, Double expiryToFirstRepair,
                  Double expiryToFullRedundancy, long copiesRepaired, Double objectsPerSecond, Double copiesPerSecond,
                  PhaseReport before, PhaseReport untilLeaseExpiry, PhaseReport healing, List<Check> checks) {

    /**
     * One exact check: a scan of every object record and the dirty index through etcd, or what the
     * records followed through etcd's watch held at that moment.
     *
     * @param secondsAfterExpiry when it started, after the lease expiry
     * @param onVictim           records with a copy on the killed node
     * @param notStored          records (not IN_PROGRESS) with a copy listed but not stored (failed or unplaced)
     * @param inFlight           records IN_PROGRESS: writes of the running load not settled yet (not counted against redundancy)
     * @param lost               records in state LOST
     * @param dirtyMarks         entries in the dirty index
     * @param scanned            records scanned (or followed, by the watch)
     * @param by                 "scan": a scan of every record and of the dirty index; "watch": the records as the
     *                           bench followed them ({@link RedundancyView}), DIRTY records counted as the dirty marks
     */
    record Check(double secondsAfterExpiry, long onVictim, long notStored, long inFlight, long lost, long dirtyMarks, long scanned,
                 String by) {
        /** A scan's. */
        Check(double secondsAfterExpiry, long onVictim, long notStored, long inFlight, long lost, long dirtyMarks, long scanned) {
            this(secondsAfterExpiry, onVictim, notStored, inFlight, lost, dirtyMarks, scanned, "scan");
        }

        boolean fullRedundancy() {
            return onVictim == 0 && notStored == 0 && lost == 0 && dirtyMarks == 0;
        }
    }
}
