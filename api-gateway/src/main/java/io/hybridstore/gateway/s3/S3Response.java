package io.hybridstore.gateway.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operation answers: status, headers, and a body of known length, either bytes at hand or
 * a writer that streams them (an object's content).
 */
public final class S3Response {

    /** Streams a body of the announced length. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] bytes;
    private BodyWriter writer;
    private long length;

    private S3Response(int status) {
        this.status = status;
    }

    public static S3Response status(int status) {
        return new S3Response(status);
    }

    public static S3Response xml(int status, Object document) {
        return xmlBytes(status, S3Xml.write(document));
    }

    /** An XML body already rendered (the listings: {@link ListingXml}). */
    static S3Response xmlBytes(int status, byte[] body) {
        S3Response response = new S3Response(status);
        response.bytes = body;
        response.length = body.length;
        response.header("Content-Type", "application/xml");
        return response;
    }

    public S3Response header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    /** A streamed body of {@code length} bytes; its Content-Length is set even when no body is sent (HEAD). */
    public S3Response stream(long length, BodyWriter writer) {
        this.length = length;
        this.writer = writer;
        return this;
    }

    /** Announces {@code length} bytes without sending them (HEAD). */
    public S3Response lengthOnly(long length) {
        this.length = length;
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public long length() {
        return length;
    }

    /** The body bytes, or null when the body is streamed or absent. */
    public byte[] bytes() {
        return bytes;
    }

    /** The body writer, or null. */
    public BodyWriter writer() {
        return writer;
    }
}
