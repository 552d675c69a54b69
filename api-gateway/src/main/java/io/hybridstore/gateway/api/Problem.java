package io.hybridstore.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hybridstore.common.model.JsonBuffers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A failure as the API answers it: an RFC 9457 problem+json body ({@code type, title, status} and
 * {@code detail} when there is one) and the headers that go with some ({@code Retry-After} on a
 * retryable failure, {@code WWW-Authenticate} on a 401). Made by {@link ProblemMapper#classify};
 * the REST resources and the document route send the same bytes.
 *
 * @param retryAfter      the Retry-After header, or null
 * @param wwwAuthenticate the WWW-Authenticate header, or null
 */
public record Problem(int status, String type, String title, String detail, String retryAfter, String wwwAuthenticate) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonFactory JSON = JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build();

    /** The body, written field by field (the same bytes the REST layer's Jackson wrote for the map it once built). */
    public byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + (detail == null ? 0 : detail.length()));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", type);
            json.writeStringField("title", title);
            json.writeNumberField("status", status);
            if (detail != null) {
                json.writeStringField("detail", detail);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }
}
