package io.hybridstore.common.write;

import io.hybridstore.common.auth.sigv4.Canonical;
import io.hybridstore.common.error.StoreException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a key appears in a URL path ({@code /read/KEY}, {@code /blobs/KEY}, {@code /objects/KEY/info}
 * ...), the one rule for the gateway's JSON and blob API, the healer's and the CLI's: the key's UTF-8
 * bytes, percent-encoded <em>once</em>. Every character is the key's own: {@code /} (between segments
 * or as {@code %2F}), {@code ;}, a trailing {@code /}, and {@code +} (no space in a path).
 *
 * <p>Why not the REST layer's path parameter: it decodes twice ({@code %2541} read as {@code A}, a
 * non-ASCII escape mangled) and drops {@code ;x} and a trailing slash. Why a key with a {@code .} or
 * {@code ..} segment must encode its slashes: the HTTP layer resolves dot segments before it routes
 * ({@code /read/a/../b} is routed as {@code /read/b}), so such a path does not say which key it means.
 */
public final class KeyPaths {

    private KeyPaths() {
    }

    /**
     * The key in {@code rawPath} between {@code prefix} and {@code suffix} (both literal), decoded once.
     * {@code rawPath} is the request's path as it came (no query), one char per byte of the request line
     * as the HTTP layer reads it (ISO-8859-1): raw UTF-8 on the wire is decoded like its escapes. Not
     * validated as a key here ({@link ObjectKeys} does that).
     *
     * @throws StoreException BAD_REQUEST for a path not of that form, a malformed escape, bytes that are
     *                        not UTF-8, or a dot segment
     */
    public static String decode(String rawPath, String prefix, String suffix) {
        if (!rawPath.startsWith(prefix) || !rawPath.endsWith(suffix) || rawPath.length() <= prefix.length() + suffix.length()) {
            throw StoreException.badRequest("the path must be " + prefix + "KEY" + suffix + ", the key percent-encoded once");
        }
        String encoded = rawPath.substring(prefix.length(), rawPath.length() - suffix.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int segmentBytes = 0; // of the segment since the last raw '/' (an escaped one, %2F, separates nothing)
        int segmentDots = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            int b;
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw StoreException.badRequest("malformed percent-escape at " + (prefix.length() + i) + " of the path");
                }
                b = high * 16 + low;
                i += 2;
            } else if (c > 0xFF) {
                throw StoreException.badRequest("the path holds U+%04X, which no request line carries".formatted((int) c));
            } else if (c == '/') {
                rejectDotSegment(segmentBytes, segmentDots);
                bytes.write(c);
                segmentBytes = 0;
                segmentDots = 0;
                continue;
            } else {
                b = c;
            }
            bytes.write(b);
            segmentBytes++;
            segmentDots += b == '.' ? 1 : 0;
        }
        rejectDotSegment(segmentBytes, segmentDots);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw StoreException.badRequest("the key's percent-decoded bytes are not UTF-8");
        }
    }

    /**
     * {@code key} as a client puts it into a path: each UTF-8 byte outside RFC 3986's unreserved set
     * percent-encoded, {@code /} kept unless a segment is {@code .}, {@code ..} (then every {@code /}
     * is {@code %2F}, so the HTTP layer has no dot segment to resolve). The same as SigV4's UriEncode of
     * a path, so the path a client sends is already in its canonical form.
     */
    public static String encode(String key) {
        boolean dotSegment = false;
        for (String segment : key.split("/", -1)) {
            dotSegment |= segment.equals(".") || segment.equals("..");
        }
        return Canonical.encode(key.getBytes(StandardCharsets.UTF_8), dotSegment);
    }

    /** A segment between raw slashes that is {@code .} or {@code ..} (escaped or not: the HTTP layer decodes %2E) is refused. */
    private static void rejectDotSegment(int segmentBytes, int segmentDots) {
        if (segmentBytes > 0 && segmentBytes <= 2 && segmentDots == segmentBytes) {
            throw StoreException.badRequest("a key with a '.' or '..' segment must encode its '/' as %2F: "
                    + "the HTTP layer resolves dot segments before it routes");
        }
    }
}
