package io.hybridstore.io.etcd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sorted key set read the way etcd 3.4 reads a range: whatever the limit, the read walks every
 * key of the range to count it (etcd-io/etcd#16510), so a sub-range costs the keys it spans. The
 * reader records each read's span, limit and answer: the cost model of {@link NarrowingRange}.
 */
final class SortedKeys implements NarrowingRange.Reader<byte[]> {

    /** One sub-range read: the keys etcd walked, the limit it was asked for, the keys it returned. */
    record Read(int spanned, int asked, int returned) {
    }

    private final byte[][] keys;
    private final List<Read> reads = new ArrayList<>();

    /** @param keys keys in any order; a key given twice is kept once */
    SortedKeys(List<byte[]> keys) {
        byte[][] sorted = keys.toArray(byte[][]::new);
        Arrays.sort(sorted, Arrays::compareUnsigned);
        int distinct = 0;
        for (byte[] key : sorted) {
            if (distinct == 0 || !Arrays.equals(sorted[distinct - 1], key)) {
                sorted[distinct++] = key;
            }
        }
        this.keys = Arrays.copyOf(sorted, distinct);
    }

    @Override
    public List<byte[]> read(byte[] start, byte[] end, int limit) {
        int first = indexOf(start);
        int spanned = Math.max(0, (end.length == 0 ? keys.length : indexOf(end)) - first);
        int returned = Math.min(spanned, limit);
        reads.add(new Read(spanned, limit, returned));
        return Arrays.asList(keys).subList(first, first + returned);
    }

    /** Up to {@code limit} keys of {@code [from, end)} in order, read as one range: what a page must return. */
    List<byte[]> expected(byte[] from, byte[] end, int limit) {
        int first = indexOf(from);
        int last = end.length == 0 ? keys.length : Math.max(first, indexOf(end));
        return Arrays.asList(keys).subList(first, Math.min(last, first + limit));
    }

    /** The reads since the last call, and forgets them. */
    List<Read> drain() {
        List<Read> drained = List.copyOf(reads);
        reads.clear();
        return drained;
    }

    int size() {
        return keys.length;
    }

    byte[] get(int i) {
        return keys[i];
    }

    /** The index of the first key at or after {@code key}. */
    private int indexOf(byte[] key) {
        int low = 0;
        int high = keys.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Arrays.compareUnsigned(keys[mid], key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
