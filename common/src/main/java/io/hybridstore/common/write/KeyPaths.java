package io.hybridstore.common.write;

import io.hybridstore.common.auth.sigv4.Canonical;
import io.hybridstore.common.error.StoreException;
import java.io.ByteArrayOutputStream;
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
        int segmentStart = 0; // segments lie between raw slashes: an escaped one, %2F, separates nothing
        try {
            for (String segment : encoded.split("/", -1)) {
                byte[] decoded = PercentDecoding.bytes(segment, false);
                rejectDotSegment(decoded);
                if (segmentStart > 0) {
                    bytes.write('/');
                }
                bytes.writeBytes(decoded);
                segmentStart += segment.length() + 1;
            }
            return PercentDecoding.utf8(bytes.toByteArray());
        } catch (PercentDecoding.Malformed e) {
            int at = prefix.length() + segmentStart + e.at();
            throw StoreException.badRequest(switch (e.problem()) {
                case MALFORMED_ESCAPE -> "malformed percent-escape at " + at + " of the path";
                case WIDE_CHAR -> "the path holds U+%04X, which no request line carries".formatted((int) rawPath.charAt(at));
                case NOT_UTF8 -> "the key's percent-decoded bytes are not UTF-8";
            });
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
    private static void rejectDotSegment(byte[] segment) {
        boolean dots = segment.length > 0 && segment.length <= 2;
        for (byte b : segment) {
            dots &= b == '.';
        }
        if (dots) {
            throw StoreException.badRequest("a key with a '.' or '..' segment must encode its '/' as %2F: "
                    + "the HTTP layer resolves dot segments before it routes");
        }
    }
}
