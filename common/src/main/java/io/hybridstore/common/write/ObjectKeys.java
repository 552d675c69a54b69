package io.hybridstore.common.write;

import io.hybridstore.common.error.StoreException;
import java.nio.charset.StandardCharsets;

/** What an object key may be: 1 to 512 bytes of UTF-8, no control characters (they break logs and etcd tooling). */
public final class ObjectKeys {

    public static final int MAX_BYTES = 512;

    private ObjectKeys() {
    }

    /** Returns {@code key} or throws {@code BAD_REQUEST} saying why it is not a valid key. */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw StoreException.badRequest("key must not be empty");
        }
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw StoreException.badRequest("key must not contain control characters (U+%04X at %d)".formatted(cp, i));
            }
            if (Character.isSurrogate(key.charAt(i)) && Character.charCount(cp) == 1) {
                throw StoreException.badRequest("key is not valid UTF-16/UTF-8 (lone surrogate at " + i + ")");
            }
            i += Character.charCount(cp);
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw StoreException.badRequest("key is " + bytes + " bytes of UTF-8, at most " + MAX_BYTES + " allowed");
        }
        return key;
    }
}
