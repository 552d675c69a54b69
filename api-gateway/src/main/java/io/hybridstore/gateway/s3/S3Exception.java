package io.hybridstore.gateway.s3;

/**
 * A failure as S3 reports it: S3's error code ({@code NoSuchKey}, {@code BucketNotEmpty}, ...), its
 * HTTP status and a message for people. Thrown by the S3 operations; failures of the layers below
 * ({@link io.hybridstore.common.error.StoreException}, {@link io.hybridstore.common.auth.AuthFailure})
 * are turned into one by {@link S3Errors}, the one place that maps them.
 */
public final class S3Exception extends RuntimeException {

    private final String code;
    private final int status;

    public S3Exception(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public static S3Exception noSuchBucket(String bucket) {
        return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist: " + bucket);
    }

    public static S3Exception noSuchKey(String key) {
        return new S3Exception("NoSuchKey", 404, "The specified key does not exist: " + key);
    }

    public static S3Exception accessDenied(String why) {
        return new S3Exception("AccessDenied", 403, "Access Denied: " + why);
    }

    public static S3Exception invalidArgument(String message) {
        return new S3Exception("InvalidArgument", 400, message);
    }

    /** A request URI that names nothing: a malformed escape, escaped bytes that are not UTF-8. */
    public static S3Exception invalidUri(String why) {
        return new S3Exception("InvalidURI", 400, "Couldn't parse the specified URI: " + why);
    }

    public static S3Exception malformedXml(String message) {
        return new S3Exception("MalformedXML", 400, "The XML you provided was not well-formed or did not validate: " + message);
    }

    public static S3Exception notImplemented(String what) {
        return new S3Exception("NotImplemented", 501, what + " is not implemented by hybridstore");
    }

    public static S3Exception preconditionFailed(String what) {
        return new S3Exception("PreconditionFailed", 412, "At least one of the preconditions you specified did not hold: " + what);
    }
}
