package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.AuthFailures;
import io.hybridstore.common.auth.TrailingHeaders;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an aws-chunked body into the object's bytes while checking it, in bounded memory: data
 * passes straight through (one line buffer, no chunk is held), and the checks run where the
 * framing says they can:
 *
 * <pre>
 * signed:    {hex size};chunk-signature={sig}\r\n {data}\r\n ... 0;chunk-signature={sig}\r\n [trailers, x-amz-trailer-signature] \r\n
 * unsigned:  {hex size}\r\n {data}\r\n ... 0\r\n {trailers} \r\n
 * </pre>
 *
 * A chunk's signature is checked when its last byte has been read, before that read returns, and
 * the read that ends the last data chunk also reads and checks the final chunk, the trailers and
 * the decoded length: the caller never receives the object's last byte unless the whole body
 * checked out, so a writer that lets {@link AuthFailure} through never commits a bad object.
 */
public final class AwsChunkedStream extends InputStream implements TrailingHeaders {

    /** Longest chunk header or trailer line accepted; a real one is under 200 bytes. */
    static final int MAX_LINE = 4096;
    private static final String SIGNATURE_EXTENSION = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private final InputStream in;
    private final ChunkSignatures signatures;
    private final Map<String, TrailerChecksum> checksums;
    private final boolean trailerExpected;
    private final long declaredLength;
    private final MessageDigest chunkDigest;

    private long remaining;
    private String chunkSignature;
    private long decoded;
    private boolean finished;
    private Map<String, String> verifiedTrailers = Map.of();

    /**
     * @param signatures     the chain to check, or null for an unsigned body (STREAMING-UNSIGNED-PAYLOAD-TRAILER)
     * @param trailerNames   the x-amz-trailer names the request announced (empty: none)
     * @param declaredLength x-amz-decoded-content-length, or -1 when not sent
     */
    public AwsChunkedStream(InputStream in, ChunkSignatures signatures, List<String> trailerNames, long declaredLength) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.signatures = signatures;
        this.trailerExpected = !trailerNames.isEmpty();
        this.declaredLength = declaredLength;
        this.chunkDigest = signatures == null ? null : Hashes.sha256();
        this.checksums = new LinkedHashMap<>();
        for (String name : trailerNames) {
            TrailerChecksum.forHeader(name).ifPresent(c -> checksums.put(c.header(), c));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (finished) {
            return -1;
        }
        if (remaining == 0) {
            startChunk();
            if (finished) {
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw AuthFailures.incompleteBody("the body ended inside a chunk, after " + decoded + " decoded bytes");
        }
        remaining -= n;
        decoded += n;
        if (declaredLength >= 0 && decoded > declaredLength) {
            throw AuthFailures.incompleteBody("the chunks hold more than x-amz-decoded-content-length (" + declaredLength + ") bytes");
        }
        if (chunkDigest != null) {
            chunkDigest.update(buffer, offset, n);
        }
        for (TrailerChecksum c : checksums.values()) {
            c.update(buffer, offset, n);
        }
        if (remaining == 0) {
            endChunk();
            startChunk();
        }
        return n;
    }

    /** Reads the next chunk header; a zero-size chunk ends the body, and is checked with everything after it. */
    private void startChunk() throws IOException {
        String line = readLine();
        if (line == null) {
            throw AuthFailures.incompleteBody("the body ended before its final zero-length chunk, after " + decoded + " decoded bytes");
        }
        int semicolon = line.indexOf(';');
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        chunkSignature = null;
        if (signatures != null) {
            if (semicolon < 0 || !line.startsWith(SIGNATURE_EXTENSION, semicolon + 1)) {
                throw AuthFailures.malformedChunks("a chunk header without chunk-signature: '" + printable(line) + "'");
            }
            chunkSignature = line.substring(semicolon + 1 + SIGNATURE_EXTENSION.length()).strip();
        }
        if (size.isEmpty() || size.length() > 15) {
            throw AuthFailures.malformedChunks("bad chunk size '" + printable(size) + "'");
        }
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw AuthFailures.malformedChunks("bad chunk size '" + printable(size) + "'");
        }
        if (remaining < 0) {
            throw AuthFailures.malformedChunks("bad chunk size '" + printable(size) + "'");
        }
        if (remaining == 0) {
            finish();
        }
    }

    private void endChunk() throws IOException {
        expectCrlf();
        if (signatures != null && !signatures.nextChunk(chunkDigest.digest(), chunkSignature)) {
            throw AuthFailures.signatureDoesNotMatch("chunk signature, chunk ending at decoded byte " + decoded);
        }
    }

    private void finish() throws IOException {
        if (signatures != null && !signatures.nextChunk(chunkDigest.digest(), chunkSignature)) {
            throw AuthFailures.signatureDoesNotMatch("signature of the final chunk");
        }
        List<String[]> trailers = readTrailers();
        checkTrailers(trailers);
        if (declaredLength >= 0 && decoded != declaredLength) {
            throw AuthFailures.incompleteBody("the chunks hold " + decoded + " bytes, x-amz-decoded-content-length says " + declaredLength);
        }
        finished = true;
    }

    /** The lines after the final chunk up to the empty line (or the end of the body). */
    private List<String[]> readTrailers() throws IOException {
        List<String[]> trailers = new ArrayList<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw AuthFailures.malformedChunks("a trailer line without a name: '" + printable(line) + "'");
            }
            trailers.add(new String[] {line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip()});
        }
        return trailers;
    }

    private void checkTrailers(List<String[]> trailers) {
        if (!trailerExpected) {
            if (!trailers.isEmpty()) {
                throw AuthFailures.malformedChunks("trailers sent without x-amz-trailer announcing them");
            }
            return;
        }
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] t : trailers) {
            if (t[0].equals(TRAILER_SIGNATURE)) {
                trailerSignature = t[1];
            } else {
                values.put(t[0], t[1]);
                canonical.append(t[0]).append(':').append(t[1]).append('\n');
            }
        }
        if (signatures != null && (trailerSignature == null || !signatures.trailer(canonical.toString(), trailerSignature))) {
            throw AuthFailures.signatureDoesNotMatch(trailerSignature == null ? "x-amz-trailer-signature missing" : "trailer signature");
        }
        for (String name : values.keySet()) {
            if (name.startsWith(TrailerChecksum.HEADER_PREFIX) && !checksums.containsKey(name)) {
                throw AuthFailures.invalidRequest("the trailer " + name + " was not announced in x-amz-trailer or is not a known checksum");
            }
        }
        for (TrailerChecksum c : checksums.values()) {
            String sent = values.get(c.header());
            if (sent == null) {
                throw AuthFailures.incompleteBody("x-amz-trailer announced " + c.header() + " but the body ended without it");
            }
            if (!c.base64().equals(sent)) {
                throw AuthFailures.badDigest(c.header());
            }
        }
        verifiedTrailers = Map.copyOf(values);
    }

    @Override
    public Map<String, String> trailers() {
        return finished ? verifiedTrailers : Map.of();
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) {
            throw AuthFailures.incompleteBody("the body ended after a chunk's data, before its CRLF");
        }
        if (cr != '\r' || lf != '\n') {
            throw AuthFailures.malformedChunks("a chunk's data is not followed by CRLF (wrong chunk size?)");
        }
    }

    /** One CRLF-terminated line without its CRLF, or null at the end of the body. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw AuthFailures.malformedChunks("a chunk header or trailer line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw AuthFailures.incompleteBody("the body ended inside a chunk header or trailer line");
        }
        return null;
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
