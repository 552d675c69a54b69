package io.hybridstore.node.store;

import io.hybridstore.common.error.StoreException;
import java.util.regex.Pattern;

/**
 * The only ids a node accepts. The alphabet has no separator and {@code .}/{@code ..} are refused,
 * so an id is always exactly one file name inside its fan-out directory: path traversal is
 * impossible by construction, whatever decoding happened before the id reached us.
 */
public final class ChunkIds {
    public static final int MAX_LENGTH = 200;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private ChunkIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    /** Returns {@code id} or throws BAD_REQUEST; the message never echoes more than a short prefix. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw StoreException.badRequest("invalid chunk id " + printable(id) + ": expected [A-Za-z0-9._-]{1,"
                    + MAX_LENGTH + "}, not '.' or '..'");
        }
        return id;
    }

    private static String printable(String id) {
        if (id == null) {
            return "(none)";
        }
        String shown = id.length() > 40 ? id.substring(0, 40) + "...(" + id.length() + " chars)" : id;
        return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
