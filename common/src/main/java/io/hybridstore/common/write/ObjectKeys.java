package io.hybridstore.common.write;

import io.hybridstore.common.error.StoreException;
import java.nio.charset.StandardCharsets;

/**
 * What a key may be: 1 to 512 bytes of UTF-8 for a JSON object, 1 to 1024 for a blob name, no
 * control characters (they break logs and etcd tooling). {@code /} is an ordinary character. Both
 * kinds share one key space, so the shorter limit only bounds what {@code POST /write} accepts.
 */
public final class ObjectKeys {

    public static final int MAX_BYTES = 512;
    public static final int MAX_BLOB_NAME_BYTES = 1024;
    /** S3 allows object keys of up to 1,024 bytes; the blob is named {@code bucket/key}. */
    public static final int MAX_S3_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /** Returns {@code key} or throws {@code BAD_REQUEST} saying why it is not a valid key. */
    public static String validate(String key) {
        return validate(key, "key", MAX_BYTES);
    }

    /** Returns {@code name} or throws {@code BAD_REQUEST} saying why it is not a valid blob name. */
    public static String validateBlobName(String name) {
        return validate(name, "blob name", MAX_BLOB_NAME_BYTES);
    }

    /** Returns {@code key} or throws {@code BAD_REQUEST} saying why it is not a valid S3 object key. */
    public static String validateS3Key(String key) {
        return validate(key, "object key", MAX_S3_KEY_BYTES);
    }

    private static String validate(String key, String what, int maxBytes) {
        if (key == null || key.isEmpty()) {
            throw StoreException.badRequest(what + " must not be empty");
        }
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw StoreException.badRequest("%s must not contain control characters (U+%04X at %d)".formatted(what, cp, i));
            }
            if (Character.isSurrogate(key.charAt(i)) && Character.charCount(cp) == 1) {
                throw StoreException.badRequest(what + " is not valid UTF-16/UTF-8 (lone surrogate at " + i + ")");
            }
            i += Character.charCount(cp);
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw StoreException.badRequest(what + " is " + bytes + " bytes of UTF-8, at most " + maxBytes + " allowed");
        }
        return key;
    }
}
