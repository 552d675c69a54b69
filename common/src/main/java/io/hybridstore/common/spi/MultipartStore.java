package io.hybridstore.common.spi;

import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import java.util.List;
import java.util.Optional;

/** S3 multipart uploads in progress and their parts, in etcd beside the buckets. */
public interface MultipartStore {

    void create(MultipartUpload upload);

    Optional<MultipartUpload> get(String bucket, String uploadId);

    /** Up to {@code limit} uploads of the bucket, in upload id order. */
    List<MultipartUpload> list(String bucket, int limit);

    /** Up to {@code limit} uploads of any bucket started before {@code cutoffMillis} (the healer's sweep of abandoned ones). */
    List<MultipartUpload> initiatedBefore(long cutoffMillis, int limit);

    /** Stores the part, replacing one of the same number; false (nothing stored) when the upload is gone. */
    boolean putPart(String bucket, String uploadId, UploadedPart part);

    /** Every stored part of the upload, by part number. */
    List<UploadedPart> parts(String bucket, String uploadId);

    /** Removes the upload and its parts' records (their chunks are left to the healer's GC). */
    void delete(String bucket, String uploadId);
}
