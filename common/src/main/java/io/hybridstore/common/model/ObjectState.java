package io.hybridstore.common.model;

/** Lifecycle of one object's metadata record. */
public enum ObjectState {
    /** Metadata committed before all node writes finished; stragglers still report in. */
    IN_PROGRESS,
    /** Every replica and shard stored where the metadata says. */
    CLEAN,
    /** Readable but below full redundancy; listed in the dirty index for the healer. */
    DIRTY,
    /** Fewer than k shards or no replica survive and no other source exists. Never silently dropped. */
    LOST,
    /** Tombstone left by a delete; its chunks become garbage once unreferenced. */
    DELETED
}
