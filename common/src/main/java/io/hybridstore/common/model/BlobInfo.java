package io.hybridstore.common.model;

import java.util.Objects;

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
 */
public record BlobInfo(String contentType, long size, String sha256, int stripeSize, String fileName, String uploadId) {

    public BlobInfo {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0 || stripeSize < 0) {
            throw new IllegalArgumentException("negative blob size " + size + " or stripe size " + stripeSize);
        }
    }

    public boolean striped() {
        return stripeSize > 0;
    }

    /** Stripes a blob of {@link #size} bytes takes: {@code ceil(size / stripeSize)}, 0 for a replicated blob. */
    public int stripeCount() {
        return striped() ? Math.toIntExact((size + stripeSize - 1) / stripeSize) : 0;
    }
}
