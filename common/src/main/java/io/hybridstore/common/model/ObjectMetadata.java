package io.hybridstore.common.model;

import java.util.List;
import java.util.Objects;

/**
 * The etcd record of one object ({@link ClusterKeys#object(String)}): where its parts live and in
 * what state. etcd is the source of truth; the chunks on nodes are only meaningful through this.
 *
 * @param key          the object key
 * @param version      WAL position of the write that produced this record; a commit applies only
 *                     when it is newer than the stored one, so a slow older write never wins
 * @param state        lifecycle state
 * @param fieldOrder   top-level field names in the order they were written, so reads return the
 *                     document as written although hot and cold fields are stored apart
 * @param hot          hot fields, or null when the object has none
 * @param cold         cold fields, or null when the object has none
 * @param pendingNodes nodes whose write has not answered yet (two-phase commit, in_progress)
 * @param failedNodes  nodes whose write failed; the healer re-places those copies
 * @param createdAt    epoch millis of the first version of this key
 * @param updatedAt    epoch millis of this record
 */
public record ObjectMetadata(
        String key,
        Version version,
        ObjectState state,
        List<String> fieldOrder,
        HotPart hot,
        ColdPart cold,
        List<String> pendingNodes,
        List<String> failedNodes,
        long createdAt,
        long updatedAt) {

    public ObjectMetadata {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        fieldOrder = fieldOrder == null ? List.of() : List.copyOf(fieldOrder);
        pendingNodes = pendingNodes == null ? List.of() : List.copyOf(pendingNodes);
        failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
    }

    public boolean deleted() {
        return state == ObjectState.DELETED;
    }

    public ObjectMetadata withState(ObjectState newState, long now) {
        return new ObjectMetadata(key, version, newState, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, now);
    }

    public ObjectMetadata withParts(HotPart newHot, ColdPart newCold, ObjectState newState, long now) {
        return new ObjectMetadata(key, version, newState, fieldOrder, newHot, newCold, List.of(), List.of(), createdAt, now);
    }

    /** A tombstone for {@code key} at {@code version}. */
    public static ObjectMetadata tombstone(String key, Version version, long createdAt, long now) {
        return new ObjectMetadata(key, version, ObjectState.DELETED, List.of(), null, null, List.of(), List.of(), createdAt, now);
    }
}
