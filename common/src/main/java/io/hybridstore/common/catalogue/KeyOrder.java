package io.hybridstore.common.catalogue;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order of object keys everywhere: the unsigned byte order of their UTF-8 encoding. It is
 * etcd's order and the order S3 lists in; Java's {@link String#compareTo} (UTF-16 code units)
 * differs from it for characters above U+FFFF, so in-memory stores sort with this instead.
 */
public final class KeyOrder {

    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        // Equal up to the first differing code point in both orders; only that code point decides.
        int i = 0;
        int n = Math.min(a.length(), b.length());
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == n) {
            return Integer.compare(a.length(), b.length());
        }
        return Integer.compare(a.codePointAt(i), b.codePointAt(i));
    }

    /**
     * The smallest key that sorts after every key starting with {@code prefix}, as UTF-8 bytes
     * (etcd's range end for a prefix); empty when no such key exists (the prefix is all 0xff).
     */
    public static byte[] prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[0];
    }
}
