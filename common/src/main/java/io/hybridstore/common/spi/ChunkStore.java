package io.hybridstore.common.spi;

import io.hybridstore.common.model.NodeInfo;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Client side of the storage nodes: raw chunks by id on a given node. Calls block (callers fan out
 * on virtual threads) and are each bounded by the adapter's timeout.
 *
 * <p>Failures are {@link io.hybridstore.common.error.StoreException}s: {@code NOT_FOUND} (no such
 * chunk), {@code CORRUPT} (the node found the stored checksum wrong and quarantined the chunk),
 * {@code TIMEOUT}/{@code UNAVAILABLE} (node slow or down), {@code INSUFFICIENT_STORAGE} (disk reserve
 * reached). A {@code put} of an existing id with the same content succeeds (idempotent).
 */
public interface ChunkStore {

    /** Stores {@code data} as {@code chunkId} on {@code node}; the node verifies {@code sha256Hex} when given. */
    void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex);

    /** The chunk's bytes, verified against its stored checksum by the node. */
    byte[] get(NodeInfo node, String chunkId);

    /** Size and checksum without reading the data; empty when the node does not have it. */
    Optional<ChunkStat> head(NodeInfo node, String chunkId);

    /** Which of {@code chunkIds} the node holds: one request for many ids (audits). */
    Set<String> exists(NodeInfo node, Collection<String> chunkIds);

    /** Re-reads the chunk on the node and checks it; a corrupt chunk is quarantined by the node. */
    VerifyResult verify(NodeInfo node, String chunkId);

    /** Deletes; absent is not an error. */
    void delete(NodeInfo node, String chunkId);

    /** A page of the node's chunks with ids strictly after {@code afterId} (null = from the start). */
    List<ChunkStat> list(NodeInfo node, String afterId, int limit);

    record ChunkStat(String chunkId, long size, String checksum, long modifiedMillis) {
    }

    enum VerifyResult { OK, CORRUPT, MISSING }
}
