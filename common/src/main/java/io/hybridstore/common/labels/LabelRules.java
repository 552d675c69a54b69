package io.hybridstore.common.labels;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectLabels;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a label may be, and which labels an overwrite keeps. The limits keep a record small (the
 * catalogue indexes one key per tag, and an etcd transaction holds at most 128 operations).
 *
 * <p>An overwrite keeps the tags, the alias and the access level: a document store's tags describe
 * the key, not one version of its bytes (S3 would replace them; hybridstore does not). The content
 * type override is dropped, because the new write brings its own content. A delete drops
 * everything: a key written again after a delete starts with no labels.
 */
public final class LabelRules {

    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG_BYTES = 128;
    public static final int MAX_CONTENT_TYPE_BYTES = 255;

    /** Letters, digits and a few separators: safe in index keys, URLs and query strings without escaping surprises. */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}._:/=+@-]+");
    /** RFC 9110 media type: token "/" token, then parameters (token = token or quoted-string). */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\\\p{Cntrl}]|\\\\.)*\"))*");

    private LabelRules() {
    }

    public static String tag(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw StoreException.badRequest("a tag must not be empty");
        }
        int bytes = tag.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TAG_BYTES) {
            throw StoreException.badRequest("tag \"" + tag.substring(0, 16) + "…\" is " + bytes + " bytes of UTF-8, at most "
                    + MAX_TAG_BYTES + " allowed");
        }
        if (!TAG.matcher(tag).matches()) {
            throw StoreException.badRequest("tag \"" + tag + "\" may hold only letters, digits and . _ : / = + @ -");
        }
        return tag;
    }

    public static String contentType(String contentType) {
        if (contentType.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_TYPE_BYTES
                || !MEDIA_TYPE.matcher(contentType).matches()) {
            throw StoreException.badRequest("contentType \"" + contentType + "\" is not a media type like text/plain;charset=utf-8"
                    + " (at most " + MAX_CONTENT_TYPE_BYTES + " bytes)");
        }
        return contentType;
    }

    /** {@code "public"} or {@code "private"} (any case); BAD_REQUEST otherwise. */
    public static ObjectLabels.Access access(String text) {
        for (ObjectLabels.Access a : ObjectLabels.Access.values()) {
            if (a.name().equalsIgnoreCase(text)) {
                return a;
            }
        }
        throw StoreException.badRequest("access must be \"public\" or \"private\" (or null to inherit the prefix rule), not \"" + text + "\"");
    }

    /** The labels an overwrite of a record carrying {@code previous} starts with (see the class comment). */
    public static ObjectLabels keptOnOverwrite(ObjectLabels previous) {
        if (previous == null || previous.isEmpty()) {
            return ObjectLabels.NONE;
        }
        return new ObjectLabels(previous.tags(), previous.alias(), null, previous.access());
    }
}
