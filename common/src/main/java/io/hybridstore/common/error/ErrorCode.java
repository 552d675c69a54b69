package io.hybridstore.common.error;

/**
 * The one classification of failures in hybridstore. Every adapter translates its foreign
 * exceptions (gRPC, Kafka, HTTP) into a {@link StoreException} carrying one of these codes, so
 * that callers decide retry and HTTP status from the code and never from message text.
 *
 * <p>{@code retryable} answers "may the same call succeed if repeated later?" — it does not say
 * whether repeating is safe; all hybridstore writes are idempotent by construction (content-derived
 * chunk ids, upload-scoped stripe ids, version-guarded metadata commits), which is what makes retrying them safe.
 */
public enum ErrorCode {
    BAD_REQUEST(400, false, "Bad request"),
    UNAUTHORIZED(401, false, "Unauthorized"),
    /** Credentials (or a signed link) were given but do not admit this request: expired, altered, revoked. */
    FORBIDDEN(403, false, "Forbidden"),
    NOT_FOUND(404, false, "Not found"),
    CONFLICT(409, true, "Conflict"),
    /** The key holds the other kind of object (a blob read as a JSON document, or the reverse). */
    KIND_MISMATCH(409, false, "Wrong kind of object"),
    /** A conditional request's If-Match named a version that is no longer current. */
    PRECONDITION_FAILED(412, false, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, false, "Payload too large"),
    RANGE_NOT_SATISFIABLE(416, false, "Range not satisfiable"),
    /** Stored bytes failed their checksum: never served as good data. */
    CORRUPT(502, true, "Corrupt data"),
    UNAVAILABLE(503, true, "Service unavailable"),
    TIMEOUT(504, true, "Timeout"),
    INSUFFICIENT_STORAGE(507, true, "Insufficient storage"),
    INTERNAL(500, false, "Internal error");

    private final int httpStatus;
    private final boolean retryable;
    private final String title;

    ErrorCode(int httpStatus, boolean retryable, String title) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Short, stable human title (RFC 9457 {@code title}). */
    public String title() {
        return title;
    }

    /** Problem type URI (RFC 9457 {@code type}), stable per code. */
    public String typeUri() {
        return "urn:hybridstore:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
