package io.hybridstore.io.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the cluster token. Both sides are
 * hashed before the constant-time compare so not even the token's length leaks through timing.
 */
public final class BearerToken {
    private static final String BEARER = "Bearer ";
    /**
     * One digest per thread, reset by each use: looking SHA-256 up in the security providers on every
     * request was 1-3 % of a storage node's samples (each node request is checked).
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });
    private final byte[] expected;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be empty");
        }
        this.expected = sha256(token);
    }

    /** Whether {@code authorizationHeader} (may be null) presents this token. */
    public boolean admits(String authorizationHeader) {
        String presented = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorizationHeader.substring(BEARER.length()).trim() : "";
        return MessageDigest.isEqual(expected, sha256(presented));
    }

    private static byte[] sha256(String text) {
        return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
