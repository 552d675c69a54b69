package io.hybridstore.io.etcd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A limited range read split into consecutive sub-ranges that widen from the start key, so that it
 * costs about what it returns. Why: etcd (through 3.6) answers a range with a limit by walking its
 * in-memory index over the <em>whole</em> range, to report the total count; a page of 1,000 from a
 * random cursor in a 1M-key prefix took 0.5 s (p50) that way on etcd 3.4, against 10 ms at 10k keys.
 *
 * <p>Sub-range {@code i} ends where the keys sharing the first {@code from.length - 1 - i} bytes of
 * {@code from} end ({@link #end}): first the keys that differ from {@code from} only in its last
 * byte, then in its last two, and so on, until the sub-range is the rest of the whole range. Each
 * read starts where the last one ended and asks only for what the page still lacks, so nothing is
 * read twice, and the read that fills the page covers at most one "byte level" more than needed.
 * The price is a round trip per level when keys are sparse near the start (about five for a page
 * of 1,000 from a cursor among a million 7-digit keys).
 */
final class NarrowingRange {

    private NarrowingRange() {
    }

    /**
     * Up to {@code limit} items of {@code [from, end)} in key order.
     *
     * @param floor  bytes every key of the range shares (its prefix): levels stop there
     * @param end    the range's end; empty for "to the end of the keyspace"
     * @param reader reads one sub-range {@code [start, end)} with a limit
     */
    static <T> List<T> read(byte[] from, int floor, byte[] end, int limit, Reader<T> reader) {
        List<T> found = new ArrayList<>();
        byte[] start = from;
        int first = from.length - 1;
        if (from.length > 1 && from[from.length - 1] == 0) {
            // "Strictly after k" starts at k + NUL: its first level would hold only k's descendants
            // (k + more bytes), which keys rarely have; reading them with k's siblings saves a round trip.
            first--;
        }
        for (int shared = first; found.size() < limit; shared--) {
            byte[] subEnd = shared <= floor ? end : end(from, shared, end);
            found.addAll(reader.read(start, subEnd, limit - found.size()));
            if (Arrays.equals(subEnd, end)) {
                break;
            }
            start = subEnd;
        }
        return found;
    }

    /** The first key after every key that shares {@code from}'s first {@code shared} bytes, at most {@code end}. */
    static byte[] end(byte[] from, int shared, byte[] end) {
        byte[] levelEnd = bytePrefixEnd(Arrays.copyOf(from, shared));
        if (levelEnd.length == 0 || end.length != 0 && Arrays.compareUnsigned(levelEnd, end) >= 0) {
            return end;
        }
        return levelEnd;
    }

    /** {@link io.hybridstore.common.catalogue.KeyOrder#prefixEnd} on bytes that need not be whole UTF-8 characters. */
    static byte[] bytePrefixEnd(byte[] prefix) {
        byte[] out = prefix.clone();
        for (int i = out.length - 1; i >= 0; i--) {
            if (out[i] != (byte) 0xff) {
                out[i]++;
                return Arrays.copyOf(out, i + 1);
            }
        }
        return new byte[0];
    }

    /** One sub-range read. */
    @FunctionalInterface
    interface Reader<T> {
        List<T> read(byte[] start, byte[] end, int limit);
    }
}
