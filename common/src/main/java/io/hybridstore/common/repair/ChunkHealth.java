package io.hybridstore.common.repair;

/** What an audit learned about one stored copy (a replica or a shard on one node). */
public enum ChunkHealth {
    /** The node holds the chunk (and, if scrubbed, its checksum was right). */
    OK,
    /** The node's lease is gone, or the live node says it does not hold the chunk. */
    MISSING,
    /** The node found the stored checksum wrong (scrub or read) and quarantined the chunk. */
    CORRUPT,
    /**
     * The node's lease is live but it did not answer. The copy may well be fine: it is neither a
     * source nor replaced this pass, so a slow node does not trigger a storm of copies.
     */
    UNREACHABLE;

    /** Must be copied elsewhere (or re-stored). */
    public boolean needsRepair() {
        return this == MISSING || this == CORRUPT;
    }
}
