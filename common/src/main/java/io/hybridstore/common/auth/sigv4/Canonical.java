package io.hybridstore.common.auth.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The canonical request of Signature V4, rebuilt from the request as it arrived. Hand-written: no
 * maintained server-side Java library verifies SigV4 (the AWS SDK only signs), and the S3 rules
 * differ from the generic ones in ways that decide whether real clients get in:
 *
 * <ul>
 *   <li>the path is encoded once (S3 does not double-encode and does not normalise "." or "//"):
 *       we decode what the client sent and re-encode it the AWS way, so {@code /a$b} and
 *       {@code /a%24b} both become {@code /a%24b}; {@code +} in a path is a plus, not a space;</li>
 *   <li>query keys and values are decoded as a form ({@code +} is a space, as MinIO and S3 read
 *       it) and re-encoded with {@code %20}; a key without {@code =} has the empty value; repeated
 *       keys all stay, sorted by key and then value;</li>
 *   <li>header values are trimmed and inner runs of spaces collapsed; repeated headers are joined
 *       with commas; {@code host} is signed as received, port included.</li>
 * </ul>
 */
public final class Canonical {

    private Canonical() {
    }

    /**
     * @param signedHeaders lower-case names in the order the client listed them
     * @param payloadHash   the x-amz-content-sha256 value (a hex hash, UNSIGNED-PAYLOAD, STREAMING-...)
     */
    public static String request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                 List<String> signedHeaders, String payloadHash, Predicate<String> queryKeyIgnored) {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append('\n');
        out.append(uri(rawPath)).append('\n');
        out.append(query(rawQuery, queryKeyIgnored)).append('\n');
        for (String name : signedHeaders) {
            out.append(name).append(':').append(headerValue(headers.get(name))).append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /** The path as sent, decoded once and encoded the AWS way; "/" when empty. */
    public static String uri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encode(decode(rawPath, false), false);
    }

    public static String query(String rawQuery, Predicate<String> keyIgnored) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String piece : rawQuery.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            String key = decodeText(eq < 0 ? piece : piece.substring(0, eq), true);
            String value = eq < 0 ? "" : decodeText(piece.substring(eq + 1), true);
            if (keyIgnored.test(key)) {
                continue;
            }
            pairs.add(new String[] {encode(key.getBytes(StandardCharsets.UTF_8), true), encode(value.getBytes(StandardCharsets.UTF_8), true)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** The decoded query parameters, in order, for reading the presigned X-Amz-* ones. */
    public static List<Map.Entry<String, String>> queryParameters(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String piece : rawQuery.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            params.add(Map.entry(decodeText(eq < 0 ? piece : piece.substring(0, eq), true),
                    eq < 0 ? "" : decodeText(piece.substring(eq + 1), true)));
        }
        return params;
    }

    static String headerValue(List<String> values) {
        if (values == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(value.strip().replaceAll(" {2,}", " "));
        }
        return out.toString();
    }

    /**
     * AWS's UriEncode: unreserved characters stay, everything else is %XX (upper case); '/' stays in
     * paths. Also how a client puts a key into a path ({@link io.hybridstore.common.write.KeyPaths#encode}).
     */
    public static String encode(byte[] bytes, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
                    || c == '/' && !encodeSlash) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decodeText(String text, boolean plusIsSpace) {
        return new String(decode(text, plusIsSpace), StandardCharsets.UTF_8);
    }

    /** Percent-decoding to bytes; a '%' not followed by two hex digits is kept as a literal '%'. */
    static byte[] decode(String text, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%' && i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
                out.write(Character.digit(raw[i + 1], 16) << 4 | Character.digit(raw[i + 2], 16));
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
