package io.hybridstore.common.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an authenticator sees of an HTTP request: no body, no HTTP-library types.
 *
 * @param method   upper-case HTTP method
 * @param rawPath  the path exactly as sent (still percent-encoded)
 * @param rawQuery the query exactly as sent, without '?', or "" when none
 * @param headers  header values by lower-case name, in the order received
 * @param received when the request arrived (clock-skew and presigned-expiry checks)
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, Instant received) {

    /** The first value of a header (name in lower case), or null. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
