package io.hybridstore.common.model;

import io.hybridstore.common.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The etcd key layout, in one place. Everything hybridstore stores in etcd lives under one prefix
 * (default {@code /hybridstore}) so several clusters can share an etcd and an operator can
 * {@code etcdctl get --prefix} one of them.
 *
 * <pre>
 * {prefix}/nodes/{nodeId}         NodeInfo JSON, attached to the node's lease (liveness)
 * {prefix}/objects/{key}          ObjectMetadata JSON (source of truth for one object)
 * {prefix}/dirty/{key}            DirtyMark JSON; present iff the object is DIRTY (written in the same txn)
 * {prefix}/pages/{h}/{id}         a page of the stripes of an object too large for one record (h names the
 *                                 object key, id the page's content); put before the record that names it
 * {prefix}/page-owners/{h}        "{putAtMillis} {key}": whose pages /pages/{h}/ holds and when a write last put
 *                                 pages there, put with them (the healer's sweep of pages no record names)
 * {prefix}/idx/{family}/.../{key}  the catalogue's secondary index entries, empty values, written in the
 *                                 same txn as the record (layout: catalogue.IndexKeys)
 * {prefix}/healer/leader          healer election (jetcd Election; NOT the etcd raft leader)
 * {prefix}/healer/cursor          the healer's full-scan cursor, so a restart resumes the pass
 * {prefix}/healer/status          last pass summary, for the admin API
 * {prefix}/deadletter/{p}-{o}     a WAL record the replay could not apply: reason, attempts, size (JSON);
 *                                 p and o zero-padded (5 and 19 digits) so key order is WAL order
 * {prefix}/deadletter-payload/{p}-{o}/{n}  its bytes, in pieces under etcd's request limit
 * {prefix}/links/keys/{kid}       SigningKey JSON: the HMAC keys of the signed links (the newest signs)
 * {prefix}/links/revoked/{id}     a revoked link's expiry (epoch millis), on a lease that ends with the link
 * {prefix}/access/{key prefix}    AccessRule JSON: public or private for the keys under that prefix
 * {prefix}/uploads/{uploadId}     a blob upload under way (UploadRegistry.Upload JSON), on a lease
 * {prefix}/usage/deltas/{p}-{o}-{r}   a UsageDelta JSON, written in the txn of the record write it describes
 *                                 (version p-o; r the record's mod revision it replaced, 0 for none); folded and deleted
 * {prefix}/usage/totals/{prefix}  UsageCounts JSON of a counted key prefix ("" = the whole store)
 * {prefix}/usage/refs/{content}   how many records reference a shareable content, and its bytes (dedup)
 * {prefix}/usage/deltas/recount-{rev}-{n}  a recount's correction (a UsageDelta keyed by a counted prefix), folded alike
 * {prefix}/usage/fold             put by every fold: its mod revision guards the next one
 * {prefix}/usage/recount          the revision the last recount read at; its mod revision guards the next recount
 * {prefix}/access-keys/{id}       an access key (id, secret, owner, createdAt) for SigV4 and Bearer auth;
 *                                 the secret is stored as is (SigV4 needs it): read access to etcd is access to every secret
 * {prefix}/buckets/{name}         Bucket JSON: an S3 bucket's owner, creation time, region, public-read
 * {prefix}/multipart/{bucket}/{id}  MultipartUpload JSON: an S3 multipart upload in progress
 * {prefix}/multipart-parts/{bucket}/{id}/{nnnnn}  UploadedPart JSON: one stored part (its stripes), by part number
 * {prefix}/multipart-keys/{bucket}/{key}\0{id}  MultipartUpload JSON again: the uploads in key order (ListMultipartUploads)
 * {prefix}/multipart-active/{bucket}/{id}  epoch millis (decimal) of the upload's last part or completion start:
 *                                 the healer sweeps uploads idle for its upload max age
 * {prefix}/starts/{range}         the first key a read from the start of {prefix}/{range} found (e.g. starts/objects/photos/):
 *                                 where the next first page aims; only a cost hint, never what a page returns
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

    /**
     * Where the stripe pages of {@code key}'s record live ({@code RecordCodec}): named by a hash of the key,
     * so that no key's pages are a prefix range of another's (keys may hold {@code /}).
     */
    public String stripePagesOf(String key) {
        return prefix + "/pages/" + pagesHash(key) + "/";
    }

    private static String pagesHash(String key) {
        return HexFormat.of().formatHex(Sha256.of(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** Which key each stripe-page directory belongs to (its hash does not say): the healer's sweep of orphan pages. */
    public String pageOwnersPrefix() {
        return prefix + "/page-owners/";
    }

    public String pageOwner(String key) {
        return pageOwnersPrefix() + pagesHash(key);
    }

    public String stripePage(String key, String pageId) {
        return stripePagesOf(key) + pageId;
    }

    public String dirtyPrefix() {
        return prefix + "/dirty/";
    }

    public String dirty(String key) {
        return dirtyPrefix() + key;
    }

    /** Where the secondary index entries live; an entry's key is this plus its {@code IndexKeys} form. */
    public String indexPrefix() {
        return prefix + "/idx/";
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

    /** Every bucket's S3 multipart uploads (apart from {@link #uploadsPrefix()}, the blob uploads under way). */
    public String multipartPrefix() {
        return prefix + "/multipart/";
    }

    public String multipartPrefix(String bucket) {
        return multipartPrefix() + bucket + "/";
    }

    public String multipart(String bucket, String uploadId) {
        return multipartPrefix(bucket) + uploadId;
    }

    /** A bucket's multipart uploads in (key, upload id) order: {@code MultipartStore.position}s follow it. */
    public String multipartByKeyPrefix(String bucket) {
        return prefix + "/multipart-keys/" + bucket + "/";
    }

    /** When each multipart upload was last active (a part stored, a completion started): the sweeper's age counts from it. */
    public String multipartActivePrefix() {
        return prefix + "/multipart-active/";
    }

    public String multipartActive(String bucket, String uploadId) {
        return multipartActivePrefix() + bucket + "/" + uploadId;
    }

    /** Every stored part of every multipart upload (the collector counts their chunks as referenced). */
    public String uploadPartsPrefix() {
        return prefix + "/multipart-parts/";
    }

    public String uploadPartsPrefix(String bucket, String uploadId) {
        return uploadPartsPrefix() + bucket + "/" + uploadId + "/";
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

    public String usageDeltasPrefix() {
        return prefix + "/usage/deltas/";
    }

    /** A delta's key: unique per record write (a version is committed once over a given revision), in WAL order. */
    public String usageDelta(Version version, long replacedRevision) {
        return usageDeltasPrefix() + padded(version) + String.format(java.util.Locale.ROOT, "-%019d", replacedRevision);
    }

    /**
     * Where the fold sets aside a damaged usage value, for an operator to look at: {@code usageKey} (a
     * delta's, totals' or reference count's own key) with {@code usage/} turned into {@code usage/unreadable/}.
     */
    public String usageUnreadable(String usageKey) {
        String usage = prefix + "/usage/";
        if (!usageKey.startsWith(usage)) {
            throw new IllegalArgumentException(usageKey + " is not a usage key");
        }
        return usage + "unreadable/" + usageKey.substring(usage.length());
    }

    public String usageTotals(String keyPrefix) {
        return prefix + "/usage/totals/" + keyPrefix;
    }

    public String usageRefs(String content) {
        return prefix + "/usage/refs/" + content;
    }

    public String usageFold() {
        return prefix + "/usage/fold";
    }

    /** The {@code n}th correction delta of the recount that read the counters at {@code revision}: folded like a write's. */
    public String usageCorrection(long revision, int n) {
        return usageDeltasPrefix() + String.format(java.util.Locale.ROOT, "recount-%019d-%05d", revision, n);
    }

    /** Put by every recount's writes: its mod revision fences a concurrent recount out. */
    public String usageRecount() {
        return prefix + "/usage/recount";
    }

    public String accessKeysPrefix() {
        return prefix + "/access-keys/";
    }

    public String accessKey(String accessKeyId) {
        return accessKeysPrefix() + accessKeyId;
    }

    private static String padded(Version version) {
        return String.format(java.util.Locale.ROOT, "%05d-%019d", version.partition(), version.offset());
    }

    public String linkKeysPrefix() {
        return prefix + "/links/keys/";
    }

    public String linkKey(String kid) {
        return linkKeysPrefix() + kid;
    }

    public String revokedLink(String linkId) {
        return prefix + "/links/revoked/" + linkId;
    }

    public String uploadsPrefix() {
        return prefix + "/uploads/";
    }

    public String upload(String uploadId) {
        return uploadsPrefix() + uploadId;
    }

    public String accessRulesPrefix() {
        return prefix + "/access/";
    }

    public String accessRule(String keyPrefix) {
        return accessRulesPrefix() + keyPrefix;
    }

    /**
     * Where the first key found under {@code etcdPrefix} (a key under this prefix, e.g. {@code {prefix}/objects/photos/})
     * is kept as the next first page's aim: {@code {prefix}/starts/objects/photos/}.
     */
    public String rangeStart(String etcdPrefix) {
        if (!etcdPrefix.startsWith(prefix + "/")) {
            throw new IllegalArgumentException(etcdPrefix + " is not under " + prefix);
        }
        return rangeStartsPrefix() + etcdPrefix.substring(prefix.length() + 1);
    }

    public String rangeStartsPrefix() {
        return prefix + "/starts/";
    }

    /** The key of an object record path, e.g. {@code objects/user:1} → {@code user:1}. */
    public String objectKeyOf(String etcdKey) {
        return etcdKey.substring(objectsPrefix().length());
    }

    public String dirtyKeyOf(String etcdKey) {
        return etcdKey.substring(dirtyPrefix().length());
    }
}
