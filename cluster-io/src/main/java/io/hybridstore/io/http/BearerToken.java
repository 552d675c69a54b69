package io.hybridstore.io.http;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the cluster token, in time that
 * depends on the token's length only: every character of the token is compared, whatever the
 * presented one holds or how long it is, so neither its characters nor its length leak through
 * timing.
 *
 * <p>Why not a digest of both sides, as before: every request to a storage node is checked, and a
 * SHA-256 per request (with its copy of the header into bytes) was 5 % of a node's Java CPU samples
 * under small-document load (docs/benchmarks.md, session 16); this loop is a few dozen character
 * comparisons.
 */
public final class BearerToken {
    private static final String BEARER = "Bearer ";
    private final String expected;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be empty");
        }
        this.expected = token;
    }

    /** Whether {@code authorizationHeader} (may be null) presents this token (the scheme's case and surrounding blanks aside). */
    public boolean admits(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // The presented token, as String.trim() would cut it (the header's own text: nothing secret in its bounds).
        int start = BEARER.length();
        int end = authorizationHeader.length();
        while (start < end && authorizationHeader.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && authorizationHeader.charAt(end - 1) <= ' ') {
            end--;
        }
        int presented = end - start;
        int length = expected.length();
        int diff = presented ^ length;
        for (int i = 0; i < length; i++) {
            // Past the presented token's end, compare with a character that cannot match: the lengths already differ.
            char c = i < presented ? authorizationHeader.charAt(start + i) : (char) ~expected.charAt(i);
            diff |= c ^ expected.charAt(i);
        }
        return diff == 0;
    }
}
