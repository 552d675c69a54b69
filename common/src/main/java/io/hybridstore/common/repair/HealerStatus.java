package io.hybridstore.common.repair;

/**
 * What {@code GET /status} shows and what the leader stores under {@code healer/status} after each
 * pass. Object counts are those of the last complete scan cycle (of the current one until a cycle
 * has completed).
 *
 * @param healerId           this instance
 * @param leader             whether this instance holds the healer leadership (not the etcd raft leader)
 * @param passes             passes run by this instance
 * @param passRunning        a pass is running now
 * @param scanned            records scanned in the current cycle of the full scan
 * @param total              records in the last complete cycle (0 until one completed)
 * @param healthy            objects at full redundancy
 * @param degraded           objects below full redundancy (repair pending, failed or waiting on a node)
 * @param lost               objects in state LOST
 * @param repairsDone        copies (replicas or shards) made
 * @param repairsFailed      object repairs that failed (retried with backoff)
 * @param conflicts          metadata updates that lost to a concurrent write (re-planned)
 * @param objectErrors       objects whose turn ended in an error (an etcd timeout on the CAS, a record
 *                           that does not parse, a bug): logged with the key, retried with backoff
 * @param phaseErrors        phases of a pass (dirty index, scan, scrub) that failed as a whole; the
 *                           next phase still ran
 * @param bytesRepaired      bytes written to new homes
 * @param chunksScrubbed     chunks whose checksum nodes re-verified
 * @param corruptFound       chunks scrub found corrupt
 * @param scrubUnchecked     copies scrub could not verify (the node's verify or HEAD failed): not
 *                           counted as checked, and checked again on the next pass
 * @param garbageDeleted     unreferenced chunks deleted
 * @param lastPassAtMillis   end of the last pass (epoch millis, 0 = none)
 * @param lastPassMillis     duration of the last pass
 */
public record HealerStatus(
        String healerId,
        boolean leader,
        long passes,
        boolean passRunning,
        long scanned,
        long total,
        long healthy,
        long degraded,
        long lost,
        long repairsDone,
        long repairsFailed,
        long conflicts,
        long objectErrors,
        long phaseErrors,
        long bytesRepaired,
        long chunksScrubbed,
        long corruptFound,
        long scrubUnchecked,
        long garbageDeleted,
        long lastPassAtMillis,
        long lastPassMillis) {
}
