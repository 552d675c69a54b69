package io.hybridstore.common.model;

/**
 * One stored copy: a hot replica or a cold shard.
 *
 * @param index          replica number (0..replicas-1) or shard index (0..k+m-1; data shards first)
 * @param nodeId         the node that holds it (or should, while pending); {@link #UNPLACED} when no
 *                       node was live to take it
 * @param chunkId        the chunk id on that node; derived from content for documents (equal content
 *                       shares chunks), from the upload for blob stripes ({@code ChunkIds})
 * @param storedAtMillis when the node acknowledged it; 0 while pending or after a failure
 */
public record ChunkLocation(int index, String nodeId, String chunkId, long storedAtMillis) {

    /**
     * The node id of a copy a write found no node for (fewer live nodes than copies wanted). It is
     * still listed, so the record says the part is short of a copy and the healer places it once
     * enough nodes are live; a record that left it out would look complete at reduced redundancy.
     */
    public static final String UNPLACED = "";

    public static ChunkLocation unplaced(int index, String chunkId) {
        return new ChunkLocation(index, UNPLACED, chunkId, 0);
    }

    public boolean placed() {
        return !UNPLACED.equals(nodeId);
    }

    public boolean stored() {
        return storedAtMillis > 0;
    }

    public ChunkLocation storedAt(long millis) {
        return new ChunkLocation(index, nodeId, chunkId, millis);
    }

    public ChunkLocation movedTo(String newNodeId, long millis) {
        return new ChunkLocation(index, newNodeId, chunkId, millis);
    }
}
