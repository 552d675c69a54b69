package io.hybridstore.common.model;

/**
 * The etcd key layout, in one place. Everything hybridstore stores in etcd lives under one prefix
 * (default {@code /hybridstore}) so several clusters can share an etcd and an operator can
 * {@code etcdctl get --prefix} one of them.
 *
 * <pre>
 * {prefix}/nodes/{nodeId}         NodeInfo JSON, attached to the node's lease (liveness)
 * {prefix}/objects/{key}          ObjectMetadata JSON (source of truth for one object)
 * {prefix}/dirty/{key}            DirtyMark JSON; present iff the object is DIRTY (written in the same txn)
 * {prefix}/healer/leader          healer election (jetcd Election; NOT the etcd raft leader)
 * {prefix}/healer/cursor          the healer's full-scan cursor, so a restart resumes the pass
 * {prefix}/healer/status          last pass summary, for the admin API
 * {prefix}/deadletter/{p}-{o}     a WAL record the replay could not apply: reason, attempts, size (JSON);
 *                                 p and o zero-padded (5 and 19 digits) so key order is WAL order
 * {prefix}/deadletter-payload/{p}-{o}/{n}  its bytes, in pieces under etcd's request limit
 * {prefix}/buckets/{name}         Bucket JSON: an S3 bucket's owner, creation time, region, public-read
 * {prefix}/uploads/{bucket}/{id}  MultipartUpload JSON: an S3 multipart upload in progress
 * {prefix}/upload-parts/{bucket}/{id}/{nnnnn}  UploadedPart JSON: one stored part (its stripes), by part number
 * </pre>
 */
public record ClusterKeys(String prefix) {

    public static final String DEFAULT_PREFIX = "/hybridstore";

    public ClusterKeys {
        if (prefix == null || prefix.isEmpty() || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("etcd prefix must start with '/' and not end with it: " + prefix);
        }
    }

    public static ClusterKeys defaults() {
        return new ClusterKeys(DEFAULT_PREFIX);
    }

    public String nodesPrefix() {
        return prefix + "/nodes/";
    }

    public String node(String nodeId) {
        return nodesPrefix() + nodeId;
    }

    public String objectsPrefix() {
        return prefix + "/objects/";
    }

    public String object(String key) {
        return objectsPrefix() + key;
    }

    public String dirtyPrefix() {
        return prefix + "/dirty/";
    }

    public String dirty(String key) {
        return dirtyPrefix() + key;
    }

    public String healerElection() {
        return prefix + "/healer/leader";
    }

    public String healerCursor() {
        return prefix + "/healer/cursor";
    }

    public String healerStatus() {
        return prefix + "/healer/status";
    }

    public String bucketsPrefix() {
        return prefix + "/buckets/";
    }

    public String bucket(String name) {
        return bucketsPrefix() + name;
    }

    /** Every bucket's multipart uploads. */
    public String uploadsPrefix() {
        return prefix + "/uploads/";
    }

    public String uploadsPrefix(String bucket) {
        return uploadsPrefix() + bucket + "/";
    }

    public String upload(String bucket, String uploadId) {
        return uploadsPrefix(bucket) + uploadId;
    }

    public String uploadPartsPrefix(String bucket, String uploadId) {
        return prefix + "/upload-parts/" + bucket + "/" + uploadId + "/";
    }

    /** Zero-padded so key order is part order (S3 part numbers are 1..10,000). */
    public String uploadPart(String bucket, String uploadId, int partNumber) {
        return uploadPartsPrefix(bucket, uploadId) + String.format(java.util.Locale.ROOT, "%05d", partNumber);
    }

    public String deadLettersPrefix() {
        return prefix + "/deadletter/";
    }

    public String deadLetter(Version version) {
        return deadLettersPrefix() + padded(version);
    }

    /** Where the pieces of one dead letter's payload live, {@code .../0000}, {@code .../0001}, ... */
    public String deadLetterPayloadPrefix(Version version) {
        return prefix + "/deadletter-payload/" + padded(version) + "/";
    }

    private static String padded(Version version) {
        return String.format(java.util.Locale.ROOT, "%05d-%019d", version.partition(), version.offset());
    }

    /** The key of an object record path, e.g. {@code objects/user:1} → {@code user:1}. */
    public String objectKeyOf(String etcdKey) {
        return etcdKey.substring(objectsPrefix().length());
    }

    public String dirtyKeyOf(String etcdKey) {
        return etcdKey.substring(dirtyPrefix().length());
    }
}
