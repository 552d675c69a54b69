package io.hybridstore.gateway.s3;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

    /** Percent-decodes a path as UTF-8, leaving '+' as it is. */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw S3Exception.invalidArgument("bad percent-encoding in the path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw S3Exception.invalidArgument("bad percent-encoding in the path");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = raw.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The query's parameters, decoded (a parameter without '=' maps to ""); the first of repeated names wins. */
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
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }
}
