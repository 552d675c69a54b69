package io.hybridstore.gateway.s3;

import io.hybridstore.common.model.Bucket;
import java.util.ArrayList;
import java.util.List;

/** DeleteObjects: up to 1,000 keys in one request, answered verbosely or (Quiet) with the failures only. */
final class DeleteObjectsOperation {

    private static final int MAX_KEYS = 1000;
    /** 1,000 keys of 1,024 bytes with their XML. */
    private static final int MAX_BODY = 2 * 1024 * 1024;

    private final ObjectOperations objects;
    private final S3Access access;

    DeleteObjectsOperation(ObjectOperations objects, S3Access access) {
        this.objects = objects;
        this.access = access;
    }

    S3Response deleteObjects(S3Request request) {
        Bucket bucket = access.forWrite(request.caller(), request.bucket());
        byte[] body = request.smallBody(MAX_BODY);
        String contentMd5 = request.header("content-md5");
        if (contentMd5 != null) {
            checkMd5(body, contentMd5);
        }
        S3Xml.Delete delete = S3Xml.read(body, S3Xml.Delete.class);
        List<S3Xml.ObjectIdentifier> keys = delete.objects == null ? List.of() : delete.objects;
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw S3Exception.malformedXml("a Delete names 1 to " + MAX_KEYS + " objects, this one " + keys.size());
        }
        // The document is checked whole before any key is deleted, as S3 validates it: a bad one deletes nothing.
        if (keys.stream().anyMatch(id -> id.key == null)) {
            throw S3Exception.malformedXml("an Object without a Key");
        }
        List<S3Xml.Deleted> deleted = new ArrayList<>();
        List<S3Xml.DeleteError> errors = new ArrayList<>();
        for (S3Xml.ObjectIdentifier id : keys) {
            try {
                objects.deleteQuietly(ObjectOperations.blobName(bucket, id.key));
                if (!delete.quiet) {
                    deleted.add(new S3Xml.Deleted(id.key));
                }
            } catch (RuntimeException e) {
                S3Exception s3 = S3Errors.of(e);
                errors.add(new S3Xml.DeleteError(id.key, s3.code(), s3.getMessage()));
            }
        }
        return S3Response.xml(200, new S3Xml.DeleteResult(deleted, errors));
    }

    private static void checkMd5(byte[] body, String contentMd5) {
        UploadDigests digests = new UploadDigests(new java.io.ByteArrayInputStream(body), contentMd5, null, null);
        digests.md5Hex(); // reads to the end: throws BadDigest on a mismatch
    }
}
