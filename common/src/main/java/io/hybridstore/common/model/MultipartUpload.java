package io.hybridstore.common.model;

import java.util.Map;
import java.util.Objects;

/**
 * An S3 multipart upload in progress ({@link ClusterKeys#upload}): what CreateMultipartUpload was
 * told, kept until the upload is completed or aborted, or swept when idle (docs/s3.md, "Multipart and the GC").
 *
 * @param initiatedAt epoch millis: the upload's first activity (its later ones are kept apart, {@code MultipartStore#touch})
 * @param attributes  as {@link BlobInfo#attributes}
 */
public record MultipartUpload(String bucket, String key, String uploadId, String owner, long initiatedAt, String contentType,
                              Map<String, String> attributes) {

    public MultipartUpload {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(owner, "owner");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
