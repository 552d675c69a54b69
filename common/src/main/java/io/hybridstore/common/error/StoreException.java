package io.hybridstore.common.error;

import java.util.Objects;

/** A classified failure: the {@link ErrorCode} decides retry and HTTP status; the message is for people. */
public class StoreException extends RuntimeException {
    private final ErrorCode code;

    /**
     * A {@link ErrorCode#NOT_FOUND} is made without a stack trace: it is an answer, not a fault, and
     * nothing reads where it was thrown. A read or HEAD of a missing key (a sync tool asks before each
     * upload) filled one on every miss: in a JFR of reads that mostly missed, the stack traces' arrays were
     * 16 % of the gateway's sampled allocation (docs/benchmarks.md, session 41).
     */
    public StoreException(ErrorCode code, String message) {
        super(message, null, true, code != ErrorCode.NOT_FOUND);
        this.code = Objects.requireNonNull(code, "code");
    }

    public StoreException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }

    public static StoreException badRequest(String message) {
        return new StoreException(ErrorCode.BAD_REQUEST, message);
    }

    public static StoreException notFound(String message) {
        return new StoreException(ErrorCode.NOT_FOUND, message);
    }

    public static StoreException unavailable(String message, Throwable cause) {
        return new StoreException(ErrorCode.UNAVAILABLE, message, cause);
    }
}
