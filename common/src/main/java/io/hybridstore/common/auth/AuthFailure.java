package io.hybridstore.common.auth;

/**
 * A request that does not authenticate, with the S3 error code that says why
 * ({@code SignatureDoesNotMatch}, {@code InvalidAccessKeyId}, {@code RequestTimeTooSkewed},
 * {@code AccessDenied}, {@code XAmzContentSHA256Mismatch}, {@code BadDigest}, ...) and its HTTP status.
 * The S3 adapter renders it as S3 XML; the JSON API as problem+json.
 */
public final class AuthFailure extends RuntimeException {

    private final String code;
    private final int status;

    public AuthFailure(String code, int status, String message) {
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
}
