package io.hybridstore.common.catalogue;

import java.util.Objects;

/**
 * One page of a key-ordered listing, as S3's ListObjectsV2 and {@code GET /objects} ask for it.
 *
 * @param prefix     only keys starting with this ("" for all)
 * @param startAfter only keys strictly after this (a cursor or S3's start-after / marker), or null
 * @param delimiter  keys with this after the prefix roll up into one common prefix, or null
 * @param limit      at most this many keys and common prefixes together (1..1000)
 * @param filter     only objects this keeps ({@link ListFilter#ALL} when null); a filtered
 *                   listing has no delimiter
 */
public record ListQuery(String prefix, String startAfter, String delimiter, int limit, ListFilter filter) {

    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(prefix);
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        filter = filter == null ? ListFilter.ALL : filter;
        if (delimiter != null && !filter.isAll()) {
            throw new IllegalArgumentException("a filtered listing has no delimiter");
        }
    }

    /** An unfiltered listing (S3's, and the catalogue's without filters). */
    public ListQuery(String prefix, String startAfter, String delimiter, int limit) {
        this(prefix, startAfter, delimiter, limit, null);
    }
}
