package io.hybridstore.common.auth;

/**
 * The S3 error codes an authentication failure carries, in one place, so every check names its
 * failure the way S3 does and clients (aws-cli, rclone, the SDKs) show their users the usual text.
 */
public final class AuthFailures {

    private AuthFailures() {
    }

    public static AuthFailure signatureDoesNotMatch(String what) {
        return new AuthFailure("SignatureDoesNotMatch", 403,
                "The request signature we calculated does not match the signature you provided (" + what + "). Check your key and signing method.");
    }

    public static AuthFailure invalidAccessKeyId() {
        return new AuthFailure("InvalidAccessKeyId", 403, "The access key id you provided does not exist in our records.");
    }

    public static AuthFailure requestTimeTooSkewed() {
        return new AuthFailure("RequestTimeTooSkewed", 403,
                "The difference between the request time and the server's time is too large (more than 15 minutes).");
    }

    public static AuthFailure accessDenied(String message) {
        return new AuthFailure("AccessDenied", 403, message);
    }

    public static AuthFailure headerMalformed(String message) {
        return new AuthFailure("AuthorizationHeaderMalformed", 400, message);
    }

    public static AuthFailure queryMalformed(String message) {
        return new AuthFailure("AuthorizationQueryParametersError", 400, message);
    }

    public static AuthFailure invalidRequest(String message) {
        return new AuthFailure("InvalidRequest", 400, message);
    }

    public static AuthFailure invalidArgument(String message) {
        return new AuthFailure("InvalidArgument", 400, message);
    }

    public static AuthFailure contentSha256Mismatch() {
        return new AuthFailure("XAmzContentSHA256Mismatch", 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    public static AuthFailure badDigest(String checksum) {
        return new AuthFailure("BadDigest", 400, "The " + checksum + " you specified did not match the calculated checksum.");
    }

    public static AuthFailure incompleteBody(String message) {
        return new AuthFailure("IncompleteBody", 400, message);
    }

    /** A body whose aws-chunked framing is broken (not a truncation: bad sizes, lines, CRLFs). */
    public static AuthFailure malformedChunks(String message) {
        return new AuthFailure("InvalidRequest", 400, "malformed aws-chunked body: " + message);
    }
}
