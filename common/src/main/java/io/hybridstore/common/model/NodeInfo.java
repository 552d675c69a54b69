package io.hybridstore.common.model;

import java.util.Objects;

/**
 * What a storage node publishes about itself under its etcd lease
 * ({@link ClusterKeys#node(String)}). Its presence is the node's liveness: when the lease expires
 * (the node died or was partitioned from etcd) the record disappears.
 *
 * @param id            stable node name, e.g. {@code node-3}
 * @param url           base URL the gateway and healers use, e.g. {@code http://127.0.0.1:8083}
 * @param zone          failure domain; placement spreads copies across zones when nodes declare them
 * @param capacityBytes usable bytes on the data volume
 * @param usedBytes     bytes held by chunks
 * @param chunkCount    number of chunks stored
 * @param startedAt     epoch millis of the node process start
 * @param version       software version
 */
public record NodeInfo(
        String id,
        String url,
        String zone,
        long capacityBytes,
        long usedBytes,
        long chunkCount,
        long startedAt,
        String version) {

    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        zone = zone == null ? "" : zone;
    }

    /**
     * Whether a chunk of {@code bytes} fits above the node's free-space reserve, as of its last
     * published record (a node re-publishes when its numbers change, at most once per lease TTL, so
     * this may be that much out of date; a node that is full after all answers 507 and the copy is
     * placed elsewhere later).
     */
    public boolean hasRoomFor(long bytes) {
        return capacityBytes - usedBytes >= bytes;
    }
}
