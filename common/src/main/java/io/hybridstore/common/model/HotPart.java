package io.hybridstore.common.model;

import java.util.List;

/**
 * The small, frequently read fields of an object, stored as whole copies on distinct nodes.
 *
 * @param sha256   hex SHA-256 of the stored bytes (the hot fields as canonical JSON)
 * @param size     stored size in bytes
 * @param replicas where the copies are (all share one content-derived chunk id)
 */
public record HotPart(String sha256, long size, List<ChunkLocation> replicas) {
    public HotPart {
        replicas = List.copyOf(replicas);
    }
}
