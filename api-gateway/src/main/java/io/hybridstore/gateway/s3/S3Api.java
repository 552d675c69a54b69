package io.hybridstore.gateway.s3;

import java.util.Set;

/**
 * Which S3 operation a request is (method, bucket, key, sub-resource) and the call that serves it.
 * Sub-resources hybridstore does not keep (ACLs, policies, lifecycle, tagging, ...) are
 * {@code NotImplemented}, so a client learns it at once instead of getting a wrong document.
 */
public final class S3Api {

    /** Query parameters that name a bucket or object sub-resource this adapter does not serve. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "policy", "policyStatus", "cors", "lifecycle", "tagging", "website",
            "logging", "notification", "replication", "encryption", "object-lock", "retention", "legal-hold", "accelerate",
            "requestPayment", "analytics", "inventory", "metrics", "intelligent-tiering", "ownershipControls", "publicAccessBlock",
            "attributes", "torrent", "restore", "select");

    private final BucketOperations buckets;
    private final ObjectOperations objects;
    private final ListOperations lists;
    private final CopyOperation copies;
    private final DeleteObjectsOperation batchDeletes;
    private final MultipartOperations multipart;

    S3Api(BucketOperations buckets, ObjectOperations objects, ListOperations lists, CopyOperation copies,
          DeleteObjectsOperation batchDeletes, MultipartOperations multipart) {
        this.buckets = buckets;
        this.objects = objects;
        this.lists = lists;
        this.copies = copies;
        this.batchDeletes = batchDeletes;
        this.multipart = multipart;
    }

    public S3Response handle(S3Request request) {
        if (request.bucket() == null) {
            if (request.method().equals("GET")) {
                return buckets.list(request);
            }
            throw methodNotAllowed(request);
        }
        return request.key() == null ? bucket(request) : object(request);
    }

    private S3Response bucket(S3Request request) {
        return switch (request.method()) {
            case "PUT" -> {
                refuseUnsupported(request);
                yield buckets.create(request);
            }
            case "HEAD" -> buckets.head(request);
            case "DELETE" -> {
                refuseUnsupported(request);
                yield buckets.delete(request);
            }
            case "POST" -> {
                if (request.has("delete")) {
                    yield batchDeletes.deleteObjects(request);
                }
                throw methodNotAllowed(request);
            }
            case "GET" -> {
                if (request.has("location")) {
                    yield buckets.location(request);
                } else if (request.has("versioning")) {
                    yield buckets.versioning(request);
                } else if (request.has("versions")) {
                    yield lists.listVersions(request);
                } else if (request.has("uploads")) {
                    yield multipart.listUploads(request);
                }
                refuseUnsupported(request);
                yield "2".equals(request.param("list-type")) ? lists.listV2(request) : lists.listV1(request);
            }
            default -> throw methodNotAllowed(request);
        };
    }

    private S3Response object(S3Request request) {
        refuseUnsupported(request);
        ObjectOperations.requireKeyLength(request.key()); // every operation on a key, the multipart ones too
        boolean copy = request.header("x-amz-copy-source") != null;
        if (request.has("uploadId")) {
            return switch (request.method()) {
                case "PUT" -> copy ? multipart.uploadPartCopy(request) : multipart.uploadPart(request);
                case "POST" -> multipart.complete(request);
                case "GET" -> multipart.listParts(request);
                case "DELETE" -> multipart.abort(request);
                default -> throw methodNotAllowed(request);
            };
        }
        return switch (request.method()) {
            case "PUT" -> copy ? copies.copy(request) : objects.put(request);
            case "GET" -> objects.get(request, true);
            case "HEAD" -> objects.get(request, false);
            case "DELETE" -> objects.delete(request);
            case "POST" -> {
                if (request.has("uploads")) {
                    yield multipart.create(request);
                }
                throw methodNotAllowed(request);
            }
            default -> throw methodNotAllowed(request);
        };
    }

    private static void refuseUnsupported(S3Request request) {
        for (String parameter : request.query().keySet()) {
            if (UNSUPPORTED.contains(parameter)) {
                throw S3Exception.notImplemented("the ?" + parameter + " sub-resource");
            }
        }
    }

    private static S3Exception methodNotAllowed(S3Request request) {
        return new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource: " + request.method());
    }
}
