package io.hybridstore.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

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
 * @param blob         set when the key holds a binary blob instead of a JSON document (JSON
 *                     objects and blobs share one key space; the last write of either kind wins)
 * @param stripes      a striped blob's stripes in order, each coded like a cold part; empty otherwise
 * @param labels       tags, alias, content type override and access ({@link ObjectLabels#NONE} when
 *                     none; records written before labels existed read as none)
 * @param indexedFields the values of the document's indexed hot fields at this version, as text
 *                      ({@link io.hybridstore.common.catalogue.IndexedFields}); the record carries
 *                      them so every writer (gateway, healer) derives the same index entries from
 *                      the record alone. Empty for blobs, when no field is indexed, and in older records
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
        long updatedAt,
        BlobInfo blob,
        List<ColdPart> stripes,
        ObjectLabels labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, String> indexedFields) {

    @JsonCreator
    public ObjectMetadata {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        fieldOrder = fieldOrder == null ? List.of() : List.copyOf(fieldOrder);
        pendingNodes = pendingNodes == null ? List.of() : List.copyOf(pendingNodes);
        failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
        stripes = stripes == null ? List.of() : List.copyOf(stripes);
        labels = ObjectLabels.orNone(labels);
        indexedFields = indexedFields == null || indexedFields.isEmpty()
                ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(indexedFields));
    }

    /** A record without indexed field values (blobs, and callers written before they existed). */
    public ObjectMetadata(String key, Version version, ObjectState state, List<String> fieldOrder, HotPart hot, ColdPart cold,
                          List<String> pendingNodes, List<String> failedNodes, long createdAt, long updatedAt, BlobInfo blob,
                          List<ColdPart> stripes, ObjectLabels labels) {
        this(key, version, state, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, updatedAt, blob, stripes, labels,
                null);
    }

    /** A record without labels (a new object's first write). */
    public ObjectMetadata(String key, Version version, ObjectState state, List<String> fieldOrder, HotPart hot, ColdPart cold,
                          List<String> pendingNodes, List<String> failedNodes, long createdAt, long updatedAt, BlobInfo blob,
                          List<ColdPart> stripes) {
        this(key, version, state, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, updatedAt, blob, stripes, null);
    }

    /** A JSON document's record (no blob, no stripes). */
    public ObjectMetadata(String key, Version version, ObjectState state, List<String> fieldOrder, HotPart hot, ColdPart cold,
                          List<String> pendingNodes, List<String> failedNodes, long createdAt, long updatedAt) {
        this(key, version, state, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, updatedAt, null, List.of(), null);
    }

    public boolean deleted() {
        return state == ObjectState.DELETED;
    }

    /** Named so that no JSON mapper takes it for a property (as it would {@code isBlob}). */
    public boolean holdsBlob() {
        return blob != null;
    }

    /**
     * Every Reed-Solomon coded part, in a fixed order: the cold part (if any), then the stripes.
     * Audit, repair and damage reports treat them alike; {@link #withCodedParts} puts them back.
     */
    public List<ColdPart> codedParts() {
        if (cold == null) {
            return stripes;
        }
        List<ColdPart> all = new ArrayList<>(stripes.size() + 1);
        all.add(cold);
        all.addAll(stripes);
        return all;
    }

    public ObjectMetadata withState(ObjectState newState, long now) {
        return new ObjectMetadata(key, version, newState, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, now,
                blob, stripes, labels, indexedFields);
    }

    /**
     * The same record with new copies of its parts, pending and failed notes kept; {@code coded} in {@link #codedParts}
     * order. The object's modification time ({@code updatedAt}) stays: moving, rebuilding or marking copies damaged
     * changes where its bytes are, not the object. It is what S3's LastModified, the blob API's Last-Modified and the
     * catalogue's {@code modified} index show, so a heal that bumped it made every healed object look rewritten to a
     * sync tool (and cost each repair two index writes in etcd).
     */
    public ObjectMetadata withCopies(HotPart newHot, List<ColdPart> coded, ObjectState newState) {
        if (coded.size() != codedParts().size()) {
            throw new IllegalArgumentException(key + " has " + codedParts().size() + " coded parts, got " + coded.size());
        }
        ColdPart newCold = cold == null ? null : coded.get(0);
        List<ColdPart> newStripes = cold == null ? coded : coded.subList(1, coded.size());
        return new ObjectMetadata(key, version, newState, fieldOrder, newHot, newCold, pendingNodes, failedNodes, createdAt, updatedAt,
                blob, newStripes, labels, indexedFields);
    }

    /** {@link #withCopies} that also clears the pending and failed notes (the record is complete). */
    public ObjectMetadata withParts(HotPart newHot, List<ColdPart> coded, ObjectState newState) {
        return withCopies(newHot, coded, newState).withNotes(List.of(), List.of());
    }

    /** The same record with other pending and failed nodes (the gateway's and healer's breadcrumbs). */
    public ObjectMetadata withNotes(List<String> pending, List<String> failed) {
        return new ObjectMetadata(key, version, state, fieldOrder, hot, cold, pending, failed, createdAt, updatedAt, blob, stripes,
                labels, indexedFields);
    }

    /** The same record with other labels (a metadata-only update). */
    public ObjectMetadata withLabels(ObjectLabels newLabels) {
        return new ObjectMetadata(key, version, state, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, updatedAt, blob,
                stripes, newLabels, indexedFields);
    }

    /** The same record carrying other indexed field values (the gateway sets them at write time). */
    public ObjectMetadata withIndexedFields(SortedMap<String, String> values) {
        return new ObjectMetadata(key, version, state, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, updatedAt, blob,
                stripes, labels, values);
    }

    /**
     * The record after a metadata-only update logged at {@code newVersion}: the same parts with
     * other labels. The update takes the version like any write, so the replay, the version guard
     * of every commit and {@code If-Match} treat it as one.
     */
    public ObjectMetadata patched(ObjectLabels newLabels, Version newVersion, long now) {
        return new ObjectMetadata(key, newVersion, state, fieldOrder, hot, cold, pendingNodes, failedNodes, createdAt, now, blob,
                stripes, newLabels, indexedFields);
    }

    /** A tombstone for {@code key} at {@code version}. */
    public static ObjectMetadata tombstone(String key, Version version, long createdAt, long now) {
        return new ObjectMetadata(key, version, ObjectState.DELETED, List.of(), null, null, List.of(), List.of(), createdAt, now);
    }
}
