package io.hybridstore.common.model;

import java.util.List;

/**
 * The large fields of an object, Reed-Solomon encoded into k data and m parity shards on k+m
 * distinct nodes.
 *
 * @param sha256    hex SHA-256 of the cold fields as canonical JSON; equal hash = equal content, which
 *                  is what lets a write skip the EC step when the cold part did not change
 * @param size      length in bytes of the encoded cold bytes (before padding to k·shardSize)
 * @param k         data shards
 * @param m         parity shards
 * @param shardSize bytes per shard
 * @param shards    one location per shard index
 */
public record ColdPart(String sha256, long size, int k, int m, int shardSize, List<ChunkLocation> shards) {
    public ColdPart {
        shards = List.copyOf(shards);
    }
}
