package io.hybridstore.node.store;

import io.hybridstore.common.error.StoreException;

/**
 * The only ids a node accepts. The alphabet has no separator and {@code .}/{@code ..} are refused,
 * so an id is always exactly one file name inside its fan-out directory: path traversal is
 * impossible by construction, whatever decoding happened before the id reached us.
 */
public final class ChunkIds {
    public static final int MAX_LENGTH = 200;

    private ChunkIds() {
    }

    /**
     * {@code [A-Za-z0-9._-]{1,200}}, not {@code .} or {@code ..}. A loop, not a regex: every chunk id of
     * every request passes here, several times, and the matcher was 5-9 % of a node's Java CPU samples
     * under small-document load (docs/benchmarks.md, session 18). ChunkIdsTest holds it to the regex.
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
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
