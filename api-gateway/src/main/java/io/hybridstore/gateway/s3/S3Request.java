package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One S3 request as the operations see it: no HTTP-library types.
 *
 * @param route   bucket and key
 * @param query   decoded query parameters
 * @param headers first value of each header, by lower-case name
 * @param body    the object's bytes, already through the authenticator's verifying decoder
 * @param caller  who is asking
 */
public record S3Request(String method, S3Route route, Map<String, String> query, Map<String, String> headers, InputStream body,
                        Caller caller, String requestId) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public boolean has(String queryParameter) {
        return query.containsKey(queryParameter);
    }

    public String param(String name) {
        return query.get(name);
    }

    public String bucket() {
        return route.bucket();
    }

    public String key() {
        return route.key();
    }

    /** The whole body of a small XML request, at most {@code max} bytes (longer is {@code MalformedXML}). */
    public byte[] smallBody(int max) {
        try {
            byte[] bytes = body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw S3Exception.malformedXml("the body is longer than " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new S3Exception("IncompleteBody", 400, "the request body could not be read: " + e.getMessage());
        }
    }
}
