package io.hybridstore.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The large fields of an object, or one stripe of a blob, Reed-Solomon encoded into k data and m
 * parity shards on k+m distinct nodes.
 *
 * <p>Two ways to know the decoded bytes are right, one per kind of part:
 * <ul>
 *   <li>a document's cold part has {@code sha256}, the hash of its bytes, which its chunk ids also
 *       derive from (equal content, equal chunks: a write whose cold part did not change skips the
 *       EC step);</li>
 *   <li>a blob stripe has {@code shardCrc32c}, one CRC32C per shard, computed by the writer before
 *       the shards left it. Every shard is checked on arrival, so any k that pass decode to the
 *       stripe. Hashing each stripe with SHA-256 as well cost the gateway a second pass over every
 *       byte (the whole blob's SHA-256 is its ETag already); CRC32C runs ~15× faster. Stripes
 *       written before this field existed carry a {@code sha256} and are checked by it.</li>
 * </ul>
 *
 * @param sha256      hex SHA-256 of the part's bytes, or null for a stripe checked by {@code shardCrc32c}
 * @param size        length in bytes of the encoded bytes (before padding to k·shardSize)
 * @param k           data shards
 * @param m           parity shards
 * @param shardSize   bytes per shard
 * @param shards      one location per shard index
 * @param shardCrc32c per shard index, the CRC32C of its bytes in lower-case hex without leading
 *                    zeros (as the nodes report it); null for a part checked by {@code sha256}
 */
public record ColdPart(String sha256, long size, int k, int m, int shardSize, List<ChunkLocation> shards,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> shardCrc32c) {
    public ColdPart {
        shards = List.copyOf(shards);
        shardCrc32c = shardCrc32c == null ? null : List.copyOf(shardCrc32c);
        if (sha256 == null && shardCrc32c == null) {
            throw new IllegalArgumentException("a coded part needs its SHA-256 or its shards' CRC32Cs");
        }
        if (shardCrc32c != null && shardCrc32c.size() != k + m) {
            throw new IllegalArgumentException(shardCrc32c.size() + " shard CRC32Cs for " + (k + m) + " shards");
        }
    }

    /** A part checked by its SHA-256 (a document's cold part, or a blob stripe in the older format). */
    public ColdPart(String sha256, long size, int k, int m, int shardSize, List<ChunkLocation> shards) {
        this(sha256, size, k, m, shardSize, shards, null);
    }

    /** The same part with its shards at other locations; the checksums go with it. */
    public ColdPart withShards(List<ChunkLocation> newShards) {
        return new ColdPart(sha256, size, k, m, shardSize, newShards, shardCrc32c);
    }

    /** Whether each shard carries its own CRC32C (else only the decoded whole is checkable, by SHA-256). */
    public boolean checkedPerShard() {
        return shardCrc32c != null;
    }
}
