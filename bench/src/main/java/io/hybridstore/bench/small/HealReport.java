package io.hybridstore.bench.small;

import java.util.List;

/**
 * What the heal bench measured. Times are seconds; a figure not reached is null.
 *
 * @param recordsOnVictimAtExpiry    object records with a copy on the killed node when its lease expired (exact etcd scan)
 * @param recordsOnVictimAtEnd       the same at full redundancy (0) or, when the bench timed out, at the timeout
 * @param killToLeaseExpiry          from the SIGKILL until the node's key left etcd
 * @param expiryToFirstRepair        until the healers' {@code repairs.done} first grew
 * @param expiryToFullRedundancy     until the last repair before the first exact check that found nothing left to heal
 * @param copiesRepaired             replicas and shards the healers made (their {@code repairs.done})
 * @param objectsPerSecond           records moved off the dead node ÷ (first repair → full redundancy, or → the timeout)
 * @param before                     client load before the kill
 * @param untilLeaseExpiry           client load from the kill to the lease expiry
 * @param healing                    client load from the lease expiry to full redundancy (or the timeout)
 * @param checks                     every exact check: what was left to heal at that moment
 */
record HealReport(String victim, int documents, long recordsOnVictimAtExpiry, long recordsOnVictimAtEnd, Double killToLeaseExpiry, Double expiryToFirstRepair,
                  Double expiryToFullRedundancy, long copiesRepaired, Double objectsPerSecond, Double copiesPerSecond,
                  PhaseReport before, PhaseReport untilLeaseExpiry, PhaseReport healing, List<Check> checks) {

    /**
     * One exact check (a scan of every object record and the dirty index through etcd).
     *
     * @param secondsAfterExpiry when it started, after the lease expiry
     * @param onVictim           records with a copy on the killed node
     * @param notStored          records (not IN_PROGRESS) with a copy listed but not stored (failed or unplaced)
     * @param inFlight           records IN_PROGRESS: writes of the running load not settled yet (not counted against redundancy)
     * @param lost               records in state LOST
     * @param dirtyMarks         entries in the dirty index
     * @param scanned            records scanned
     */
    record Check(double secondsAfterExpiry, long onVictim, long notStored, long inFlight, long lost, long dirtyMarks, long scanned) {
        boolean fullRedundancy() {
            return onVictim == 0 && notStored == 0 && lost == 0 && dirtyMarks == 0;
        }
    }
}
