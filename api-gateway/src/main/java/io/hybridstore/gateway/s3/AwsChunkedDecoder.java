package io.hybridstore.gateway.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the payload out of an {@code aws-chunked} body ({@code <hex size>[;chunk-signature=...]\r\n
 * <bytes>\r\n ... 0\r\n[trailers\r\n]\r\n}), without checking chunk signatures or trailers: that is
 * the authenticator's job. The placeholder {@link AnonymousAuthenticator} uses it so that clients
 * that chunk by default (current SDKs and aws-cli) can upload before SigV4 is in place.
 */
public final class AwsChunkedDecoder extends BlockInputStream {

    /** A chunk-size line longer than this is not aws-chunked framing. */
    private static final int MAX_LINE = 4096;

    private final InputStream in;
    private long remaining; // bytes left in the current chunk
    private boolean done;

    public AwsChunkedDecoder(InputStream in) {
        this.in = in;
    }

    /** Whether a request's body is aws-chunked, by its headers (lower-case names). */
    public static boolean isChunked(String contentSha256, String contentEncoding) {
        return (contentSha256 != null && contentSha256.startsWith("STREAMING-"))
                || (contentEncoding != null && contentEncoding.contains("aws-chunked"));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0 && !done) {
            nextChunk();
        }
        if (done) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("aws-chunked body ended inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            expectCrlf();
        }
        return n;
    }

    private void nextChunk() throws IOException {
        String line = line();
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
        try {
            remaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad aws-chunked chunk size: " + hex);
        }
        if (remaining < 0) {
            throw new IOException("bad aws-chunked chunk size: " + hex);
        }
        if (remaining == 0) {
            done = true;
            // Trailers (e.g. x-amz-checksum-crc32:...) up to an empty line or the end.
            for (String trailer = lineOrNull(); trailer != null && !trailer.isEmpty(); trailer = lineOrNull()) {
                // left to the authenticator
            }
        }
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("aws-chunked chunk not followed by CRLF");
        }
    }

    private String line() throws IOException {
        String line = lineOrNull();
        if (line == null) {
            throw new IOException("aws-chunked body ended before its last chunk");
        }
        return line;
    }

    private String lineOrNull() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (c == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return new String(sb.substring(0, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("aws-chunked framing line longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
