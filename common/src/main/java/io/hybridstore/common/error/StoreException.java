package io.hybridstore.common.error;

import java.util.Objects;

/** A classified failure: the {@link ErrorCode} decides retry and HTTP status; the message is for people. */
public class StoreException extends RuntimeException {
    private final ErrorCode code;

    public StoreException(ErrorCode code, String message) {
        super(message);
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
