package io.hybridstore.gateway.blob;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;

/**
 * One satisfiable byte range of a blob of {@code size} bytes, {@code first..last} inclusive (RFC
 * 9110 §14). Only single ranges are served; a multi-range or malformed header is ignored, as the
 * RFC allows, and the whole blob is sent.
 */
public record ByteRange(long first, long last, long size) {

    public long length() {
        return last - first + 1;
    }

    public boolean whole() {
        return first == 0 && last == size - 1;
    }

    /** {@code bytes 0-99/1000}. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    public static ByteRange all(long size) {
        return new ByteRange(0, size - 1, size);
    }

    /**
     * The range a {@code Range} header asks for, or null for the whole blob (no header, or one this
     * server ignores). Throws RANGE_NOT_SATISFIABLE for a well-formed range that starts past the end.
     */
    public static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                // Suffix range: the last N bytes.
                long n = Long.parseLong(to);
                if (n <= 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return new ByteRange(Math.max(0, size - n), size - 1, size);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return null; // syntactically invalid: ignored
            }
            if (first >= size) {
                throw unsatisfiable(header, size);
            }
            return new ByteRange(first, Math.min(last, size - 1), size);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static StoreException unsatisfiable(String header, long size) {
        return new StoreException(ErrorCode.RANGE_NOT_SATISFIABLE, "range " + header + " is outside the blob's " + size + " bytes");
    }
}
