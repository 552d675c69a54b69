package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.error.StoreException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * The one mapping from any failure to the S3 error a client sees. The store's own codes map by
 * meaning; anything unclassified is {@code InternalError} (its message is not shown: it may name
 * internals).
 */
public final class S3Errors {

    private S3Errors() {
    }

    public static S3Exception of(Throwable failure) {
        if (failure instanceof S3Exception s3) {
            return s3;
        }
        if (failure instanceof AuthFailure auth) {
            return new S3Exception(auth.code(), auth.status(), auth.getMessage());
        }
        if (failure instanceof StoreException store) {
            return of(store);
        }
        return new S3Exception("InternalError", 500, "We encountered an internal error. Please try again.");
    }

    /**
     * A request the HTTP decoder could not read, before there was a request to serve (the listener's
     * invalid-request handler hands its cause here): a header section or request line over the limits,
     * a Content-Length that is no number, a garbled request line.
     */
    public static S3Exception unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new S3Exception("RequestHeaderSectionTooLarge", 400, "Your request header section exceeds the maximum allowed size.");
        }
        if (cause instanceof TooLongHttpLineException) {
            return S3Exception.invalidUri("the request line is longer than the listener reads");
        }
        return new S3Exception("InvalidRequest", 400, "The request could not be read as HTTP/1.1"
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static S3Exception of(StoreException e) {
        String message = e.getMessage();
        return switch (e.code()) {
            case BAD_REQUEST -> new S3Exception("InvalidRequest", 400, message);
            case UNAUTHORIZED, FORBIDDEN -> new S3Exception("AccessDenied", 403, message);
            case PRECONDITION_FAILED -> new S3Exception("PreconditionFailed", 412, message);
            // A key holding a JSON document is no S3 object (see docs/s3.md).
            case NOT_FOUND, KIND_MISMATCH -> new S3Exception("NoSuchKey", 404, message);
            case CONFLICT -> new S3Exception("OperationAborted", 409, message);
            case PAYLOAD_TOO_LARGE -> new S3Exception("EntityTooLarge", 400, message);
            case RANGE_NOT_SATISFIABLE -> new S3Exception("InvalidRange", 416, message);
            case TIMEOUT -> new S3Exception("RequestTimeout", 400, message);
            case UNAVAILABLE, INSUFFICIENT_STORAGE -> new S3Exception("ServiceUnavailable", 503, message);
            case CORRUPT, INTERNAL -> new S3Exception("InternalError", 500, "We encountered an internal error. Please try again.");
        };
    }
}
