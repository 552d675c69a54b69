package io.hybridstore.common.spi;

import io.hybridstore.common.catalogue.ScanStart;
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

    /** Where an upload sits in the order {@link #listByKey} lists in: its key, a NUL, its upload id. */
    static String position(String key, String uploadId) {
        return key + '\0' + uploadId;
    }

    /**
     * Up to {@code limit} uploads of the bucket whose keys start with {@code prefix}, in (key, upload
     * id) order, from {@code start} on: a {@link ScanStart} over {@link #position}s, so a listing
     * resumes after an upload or skips past every key with a common prefix in one read (an ordered
     * index, not a read of every upload).
     */
    List<MultipartUpload> listByKey(String bucket, String prefix, ScanStart start, int limit);

    /**
     * Up to {@code limit} uploads of any bucket last active before {@code cutoffMillis}: created
     * before it, and no part stored nor {@link #touch} since (the healer's sweep of abandoned ones).
     */
    List<MultipartUpload> idleSince(long cutoffMillis, int limit);

    /**
     * Stores the part, replacing one of the same number, and marks the upload active at the part's
     * {@code uploadedAt}; false (nothing stored) when the upload is gone.
     */
    boolean putPart(String bucket, String uploadId, UploadedPart part);

    /** Marks the upload active at {@code atMillis} (a completion starting); false when it is gone. */
    boolean touch(String bucket, String uploadId, long atMillis);

    /** Every stored part of the upload, by part number. */
    List<UploadedPart> parts(String bucket, String uploadId);

    /** One stored part and the key it is stored under: the cursor of {@link #partsAfter}. */
    record PartRecord(String key, UploadedPart part) {
    }

    /**
     * Up to {@code limit} part records of every upload, in key order, after {@code afterKey} (null:
     * from the first). The healer's collector counts their chunks as referenced: an upload's parts
     * belong to no object until it completes.
     */
    List<PartRecord> partsAfter(String afterKey, int limit);

    /**
     * The guard an object completed from this upload commits under: it holds while the upload's
     * record exists, so a {@link #delete} (an abort) that comes first makes the commit fail rather
     * than reference chunks whose part records are gone ({@link CommitGuard}).
     */
    CommitGuard completionGuard(String bucket, String uploadId);

    /** Removes the upload and its parts' records (their chunks are left to the healer's GC). */
    void delete(String bucket, String uploadId);

    /**
     * {@link #delete}s the upload only if it has been idle since {@code cutoffMillis}, in one step
     * with that check: a part stored or a touch racing the sweep keeps the upload. False when it was
     * active since, or is gone.
     */
    boolean deleteIfIdle(String bucket, String uploadId, long cutoffMillis);
}
