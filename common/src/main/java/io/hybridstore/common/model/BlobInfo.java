package io.hybridstore.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What makes an object record a binary blob rather than a JSON document. A blob's bytes live in
 * the record's hot part (small blobs: whole replicas of the bytes) or in its stripes (larger
 * blobs: each stripe of {@code stripeSize} bytes Reed-Solomon coded like a cold part), never both.
 *
 * @param contentType the Content-Type the client uploaded with
 * @param size        length of the blob in bytes
 * @param sha256      hex SHA-256 of the whole blob, computed while streaming; the blob's ETag
 * @param stripeSize  bytes per stripe (every stripe but the last is full); 0 for a replicated blob
 * @param fileName    the file name of a form upload, for Content-Disposition; null otherwise
 * @param uploadId    names the upload in the WAL intent and commit records and in logs
 * @param md5         hex MD5 of the whole blob, computed while streaming (S3's ETag of a single
 *                    PUT); null in records written before it existed
 * @param attributes  what an S3 client stored beside the bytes, by lower-case header name
 *                    ({@code x-amz-meta-*}, {@code content-encoding}, {@code content-disposition},
 *                    {@code cache-control}, {@code x-amz-checksum-*}), sorted; empty when none (and
 *                    then not written, so a record without them stays as small as before)
 * @param parts       the number of parts of an object assembled from an S3 multipart upload, null
 *                    otherwise. Its stripes are the parts' own (no byte copied), so they vary in
 *                    length: each part ends with a short stripe, and {@code stripeSize} is only the
 *                    largest. Its {@code sha256} is the SHA-256 of the parts' MD5s (hex, joined; in
 *                    objects completed before, of the parts' SHA-256s), its {@code md5} S3's MD5 of
 *                    the parts' MD5s: no digest of the whole exists.
 * @param partSizes   the byte length of each of those parts in order (GetObject {@code ?partNumber}
 *                    answers one part's range); empty otherwise, and in objects assembled before it
 *                    was kept (then not written)
 */
public record BlobInfo(String contentType, long size, String sha256, int stripeSize, String fileName, String uploadId,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String md5,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer parts,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> partSizes) {

    @JsonCreator
    public BlobInfo {
        partSizes = partSizes == null ? List.of() : List.copyOf(partSizes);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0 || stripeSize < 0) {
            throw new IllegalArgumentException("negative blob size " + size + " or stripe size " + stripeSize);
        }
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    /** A blob written through the blob API: no MD5 kept apart, no S3 attributes. */
    public BlobInfo(String contentType, long size, String sha256, int stripeSize, String fileName, String uploadId) {
        this(contentType, size, sha256, stripeSize, fileName, uploadId, null, null, null, null);
    }

    /** A blob of one upload with the body's MD5 and S3 attributes. */
    public BlobInfo(String contentType, long size, String sha256, int stripeSize, String fileName, String uploadId, String md5,
                    Map<String, String> attributes) {
        this(contentType, size, sha256, stripeSize, fileName, uploadId, md5, attributes, null, null);
    }

    /** An object assembled from {@code parts} parts whose sizes were not kept (records written before {@link #partSizes}). */
    public BlobInfo(String contentType, long size, String sha256, int stripeSize, String fileName, String uploadId, String md5,
                    Map<String, String> attributes, Integer parts) {
        this(contentType, size, sha256, stripeSize, fileName, uploadId, md5, attributes, parts, null);
    }

    /** Whether the bytes' SHA-256 is {@link #sha256} (false for an object assembled from parts). */
    public boolean hasWholeSha256() {
        return parts == null;
    }

    public boolean striped() {
        return stripeSize > 0;
    }

    /**
     * Stripes a blob of one upload of {@link #size} bytes takes: {@code ceil(size / stripeSize)}, 0 for a
     * replicated blob. (An object assembled from parts has as many as its record lists.)
     */
    public int stripeCount() {
        return striped() ? Math.toIntExact((size + stripeSize - 1) / stripeSize) : 0;
    }
}
