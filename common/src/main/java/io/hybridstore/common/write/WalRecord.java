package io.hybridstore.common.write;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.split.CanonicalJson;
import java.io.IOException;
import java.util.Objects;

/**
 * One mutation as it sits in the write-ahead log (topic {@code wal-events}, Kafka key = object key).
 * The payload is JSON, written with the exact-number mapper of {@link CanonicalJson} so a replayed
 * value is byte-for-byte the value the client sent:
 *
 * <pre>
 * {"op":"put",    "key":"user:1", "value":{...the client's object...}, "requestId":"…", "at":1732390000000, "gateway":"gateway-1"}
 * {"op":"delete", "key":"user:1", "requestId":"…", "at":1732390000000, "gateway":"gateway-1"}
 * {"op":"blob_intent", "key":"photos/a.jpg", "upload":{"uploadId":"…","size":1048577,"contentType":"image/jpeg"}, …}
 * {"op":"blob_commit", "key":"photos/a.jpg", "upload":{"uploadId":"…","version":"1-42"}, …}
 * {"op":"patch",  "key":"user:1", "value":{"patch":{"tags":{"add":["x"]}},"ifMatch":"1-42"}, …}
 * </pre>
 * A {@code patch} changes labels only (see {@code common.labels.LabelPatch}); its value carries the
 * patch and the version it was guarded on, so the replay decides as the live request did.
 * A blob's bytes are never in the log (they may be many GB): its intent record, appended before
 * the first byte is stored, gives the upload its version; its commit record follows the metadata
 * commit. An intent that never committed is an abandoned upload: nothing of it is visible, and its
 * chunks, referenced by no metadata, are collected by the healer's garbage collection.
 * {@code at} (epoch millis, the gateway's clock at append) lets replay leave young records to the
 * live request. The record's version is its log position, not a field: it is only known after the
 * broker acknowledged the append. A record is at most the body limit plus a few hundred bytes; the
 * producer's {@code max.request.size} and the topic's {@code max.message.bytes} must admit that.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WalRecord(Op op, String key, ObjectNode value, String requestId, long at, String gateway, Upload upload) {

    public enum Op {
        put, delete, blob_intent, blob_commit, patch
    }

    /**
     * The blob upload a {@code blob_intent} or {@code blob_commit} record is about.
     *
     * @param size    declared length (Content-Length), null when the client streamed without one
     * @param version the intent's version, on the commit record
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upload(String uploadId, Long size, String contentType, String version) {
    }

    @JsonCreator
    public WalRecord {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(key, "key");
        if ((op == Op.put || op == Op.patch) && value == null) {
            throw new IllegalArgumentException("a " + op + " record needs a value");
        }
        if ((op == Op.blob_intent || op == Op.blob_commit) && upload == null) {
            throw new IllegalArgumentException("a " + op + " record needs its upload");
        }
    }

    public WalRecord(Op op, String key, ObjectNode value, String requestId, long at, String gateway) {
        this(op, key, value, requestId, at, gateway, null);
    }

    public static WalRecord put(String key, ObjectNode value, String requestId, long at, String gateway) {
        return new WalRecord(Op.put, key, value, requestId, at, gateway);
    }

    public static WalRecord delete(String key, String requestId, long at, String gateway) {
        return new WalRecord(Op.delete, key, null, requestId, at, gateway);
    }

    /** A labels-only update; {@code value} is {@code {"patch": {...}, "ifMatch": "1-42"}} (see {@code LabelWriter}). */
    public static WalRecord patch(String key, ObjectNode value, String requestId, long at, String gateway) {
        return new WalRecord(Op.patch, key, value, requestId, at, gateway);
    }

    public static WalRecord blobIntent(String name, String uploadId, Long size, String contentType, long at, String gateway) {
        return new WalRecord(Op.blob_intent, name, null, uploadId, at, gateway, new Upload(uploadId, size, contentType, null));
    }

    public static WalRecord blobCommit(String name, String uploadId, String version, long at, String gateway) {
        return new WalRecord(Op.blob_commit, name, null, uploadId, at, gateway, new Upload(uploadId, null, null, version));
    }

    public byte[] toBytes() {
        try {
            return CanonicalJson.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "cannot serialize WAL record", e);
        }
    }

    public static WalRecord fromBytes(byte[] payload) {
        try {
            return CanonicalJson.mapper().readValue(payload, WalRecord.class);
        } catch (IOException | IllegalArgumentException e) {
            // A record that does not parse can never be applied; the replay sets it aside as a dead letter.
            throw new StoreException(ErrorCode.CORRUPT, "unreadable WAL record: " + e.getMessage(), e);
        }
    }
}
