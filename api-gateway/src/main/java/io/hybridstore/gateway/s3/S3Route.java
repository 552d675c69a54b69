package io.hybridstore.gateway.s3;

import io.hybridstore.common.write.PercentDecoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which bucket and key a request names. Path style: {@code /bucket/key}. Virtual-host style:
 * {@code Host: bucket.<domain>} and {@code /key}, for each configured domain. The key is the rest of
 * the path after the bucket's slash, percent-decoded ('+' stays '+': in a path it is no space).
 *
 * @param bucket the bucket, or null for the service (ListBuckets)
 * @param key    the object key, or null for the bucket itself
 */
public record S3Route(String bucket, String key) {

    public static S3Route parse(String host, String rawPath, List<String> virtualHostDomains) {
        String path = decodePath(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        if (!path.startsWith("/")) {
            throw S3Exception.invalidArgument("the path must start with '/'");
        }
        String rest = path.substring(1);
        String vhostBucket = virtualHostBucket(host, virtualHostDomains);
        if (vhostBucket != null) {
            return new S3Route(vhostBucket, rest.isEmpty() ? null : rest);
        }
        if (rest.isEmpty()) {
            return new S3Route(null, null);
        }
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            return new S3Route(slash < 0 ? rest : rest.substring(0, slash), null);
        }
        return new S3Route(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The bucket a Host header names under one of {@code domains}, or null (path style). */
    static String virtualHostBucket(String host, List<String> domains) {
        if (host == null) {
            return null;
        }
        String name = host;
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && name.indexOf(']') < colon) {
            name = name.substring(0, colon);
        }
        name = name.toLowerCase(java.util.Locale.ROOT);
        for (String domain : domains) {
            String suffix = "." + domain.toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    /**
     * Percent-decodes a path as UTF-8, leaving '+' as it is. A malformed escape, or escaped bytes that
     * are not UTF-8 ({@code %C3%28}), name no key: {@code InvalidURI}, as S3 answers them (not a key
     * with U+FFFD in it). {@code raw} is as the HTTP layer read the request line, one char per byte
     * (ISO-8859-1), like {@link io.hybridstore.common.write.KeyPaths#decode}.
     */
    static String decodePath(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '%' || raw.charAt(i) >= 0x80) {
                return decode(raw, false, "the path");
            }
        }
        return raw; // plain ASCII: nothing to decode
    }

    /**
     * The query's parameters, decoded as a form ('+' is a space; a parameter without '=' maps to ""); the
     * first of repeated names wins. A malformed escape or bytes that are not UTF-8 are {@code InvalidURI}.
     */
    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "the query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "the query");
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String raw, boolean plusIsSpace, String where) {
        try {
            return PercentDecoding.decode(raw, plusIsSpace);
        } catch (PercentDecoding.Malformed e) {
            throw S3Exception.invalidUri(switch (e.problem()) {
                case MALFORMED_ESCAPE -> "malformed percent-escape '" + raw.substring(e.at(), Math.min(e.at() + 3, raw.length())) + "' in " + where;
                case WIDE_CHAR -> "U+%04X in %s, which no request line carries".formatted((int) raw.charAt(e.at()), where);
                case NOT_UTF8 -> "the percent-decoded bytes of " + where + " are not UTF-8";
            });
        }
    }
}
