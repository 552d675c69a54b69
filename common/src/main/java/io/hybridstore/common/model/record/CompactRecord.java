package io.hybridstore.common.model.record;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ObjectLabels;
import java.util.List;

/**
 * The schema of the compact etcd record ({@link RecordCodec}): {@link io.hybridstore.common.model.ObjectMetadata}
 * with what can be derived left out, written as CBOR arrays (no field names). Jackson does the bytes;
 * this class only says what goes where.
 *
 * <p>Position is meaning: add a component only at the end of a record, never reorder. During a
 * rolling upgrade an older reader skips trailing components it does not know and a newer reader
 * reads missing trailing ones as null or 0 ({@code RecordCodecTest}); the known-answer test pins the bytes.
 *
 * @param partition    WAL partition of the version
 * @param offset       WAL offset of the version
 * @param state        {@link RecordCodec#STATES} index (stable small numbers, not enum ordinals)
 * @param fieldOrder   the document's top-level field names in order
 * @param nodes        the node names this record mentions, each once; copies and notes refer to them by position
 * @param hot          the hot part, or null
 * @param cold         the cold part, or null
 * @param pending      pending nodes, as positions in {@code nodes}
 * @param failed       failed nodes, as positions in {@code nodes}
 * @param createdAt    epoch millis of the key's first version
 * @param updatedAfter {@code updatedAt - createdAt}
 * @param blob         the blob's description, written by Jackson field by field (fields added to
 *                     {@link BlobInfo} are carried without a change here), or null
 * @param stripes      a striped blob's stripes
 * @param labels       tags, alias, content type and access, generic like {@code blob}; null when none
 * @param indexed      the indexed hot fields' values (the catalogue's), null when none
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"partition", "offset", "state", "fieldOrder", "nodes", "hot", "cold", "pending", "failed", "createdAt",
        "updatedAfter", "blob", "stripes", "labels", "indexed"})
record CompactRecord(int partition, long offset, int state, List<String> fieldOrder, List<String> nodes, Part hot, Part cold,
                     List<Integer> pending, List<Integer> failed, long createdAt, long updatedAfter, BlobInfo blob,
                     List<Part> stripes, ObjectLabels labels, java.util.SortedMap<String, String> indexed) {

    /**
     * A hot part (no geometry, no checksums) or a coded part. Its copies are columns: node positions,
     * and when each was stored; their chunk ids and indexes are only written when they are not the
     * ones {@link RecordCodec} derives (they always are for records the write path makes).
     *
     * @param sha       the SHA-256 as 32 bytes, or null
     * @param shaText   the SHA-256 when it is not 64 lower-case hex digits (kept as written), else null
     * @param size      bytes
     * @param k         data shards (0 for a hot part)
     * @param m         parity shards
     * @param shardSize bytes per shard
     * @param nodes     per copy, its node's position in the record's node table
     * @param storedAgo per copy, {@code updatedAt - storedAtMillis}, or null when not stored (0)
     * @param ids       per copy {@code [index, chunkId]} when some copy's are not the derived ones, else null
     * @param crc32c    per shard, its CRC32C as a number, or null
     * @param crcText   per shard CRC32C text when it is not the canonical hex of its number, else null
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"sha", "shaText", "size", "k", "m", "shardSize", "nodes", "storedAgo", "ids", "crc32c", "crcText"})
    record Part(byte[] sha, String shaText, long size, int k, int m, int shardSize, List<Integer> nodes, List<Long> storedAgo,
                List<Copy> ids, List<Long> crc32c, List<String> crcText) {
    }

    /** The index and chunk id of a copy, when they are not derived. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"index", "chunkId"})
    record Copy(int index, String chunkId) {
    }
}
