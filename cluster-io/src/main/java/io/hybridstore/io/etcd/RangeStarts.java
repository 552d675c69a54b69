package io.hybridstore.io.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Reads from the very start of a prefix (a first page: no cursor) aimed by a key seen there
 * before, so that they cost what a page from a cursor costs. Why: {@link NarrowingRange} aims by a
 * cursor; at the prefix itself it has nothing to aim by and reads one range to the prefix's end,
 * which etcd 3.4 answers by counting every key of it (etcd-io/etcd#16510: ~0.5 s at 1M keys),
 * whatever the limit. etcd has no range that finds the first key without that count, and no
 * narrower range can be placed blind: keys sit anywhere in the byte space.
 *
 * <p>The hint is the first key a read from the start found last time. A hinted read takes
 * {@code [prefix, hint]} (what was written before the hint since: usually the hint alone), then
 * reads on strictly after the hint with {@link NarrowingRange}, aimed from there. A hint only
 * places sub-ranges, never decides what a page holds: a hint whose key is gone, or with keys
 * written before it, still gives exactly what one range read would. A hint is remembered per prefix
 * in memory (the last {@value #REMEMBERED}) and, once a read without a usable one counted at least
 * {@value #STORED_FROM} keys, stored ({@link Hints}, etcd) for the other gateways and the next start;
 * smaller prefixes cost little without one. The first read of a large prefix in a cluster's life
 * still pays the whole count, once.
 */
final class RangeStarts {

    /** Keys a read counted before its hint is worth storing for every gateway: below it the read was cheap anyway. */
    static final int STORED_FROM = 10_000;
    /** Prefixes whose hint this process keeps. */
    static final int REMEMBERED = 4_096;

    /** Where hints outlive this process; a failure to load or save only costs the next first page its aim. */
    interface Hints {
        /** The stored hint of the range starting at {@code floor}, or null. */
        byte[] load(byte[] floor);

        void save(byte[] floor, byte[] key);
    }

    /** Remembered for a prefix without a stored hint: nothing to aim by, and no need to ask etcd again. */
    private static final byte[] NONE = new byte[0];

    private final Hints stored;
    private final Map<String, byte[]> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > REMEMBERED;
        }
    };

    RangeStarts(Hints stored) {
        this.stored = stored;
    }

    /**
     * Up to {@code limit} items of {@code [floor, end)} in key order, the same as
     * {@link NarrowingRange#read} from {@code floor}.
     *
     * @param counted keys etcd counted over {@code reader}'s reads so far (the response counts summed)
     */
    <T> List<T> read(byte[] floor, byte[] end, int limit, NarrowingRange.Reader<T> reader, Function<T, byte[]> keyOf,
            LongSupplier counted) {
        byte[] hint = hint(floor, end);
        long before = counted.getAsLong();
        List<T> found;
        long toHint;
        if (hint != null) {
            byte[] past = Arrays.copyOf(hint, hint.length + 1); // the smallest key after the hint: hint + NUL
            found = new ArrayList<>(reader.read(floor, past, limit));
            toHint = counted.getAsLong() - before;
            if (found.size() < limit) {
                found.addAll(NarrowingRange.read(past, floor.length, end, limit - found.size(), reader, keyOf));
            }
        } else {
            found = NarrowingRange.read(floor, floor.length, end, limit, reader, keyOf);
            toHint = counted.getAsLong() - before;
        }
        if (!found.isEmpty()) {
            byte[] first = keyOf.apply(found.get(0));
            if (!Arrays.equals(first, hint)) {
                remember(floor, first);
                if (toHint >= STORED_FROM) {
                    stored.save(floor, first);
                }
            }
        }
        return found;
    }

    /**
     * The remembered or stored hint for {@code floor}, if it lies in {@code [floor, end)}; else null. A
     * prefix whose stored hint was looked up and absent is remembered as {@link #NONE}, so an empty
     * prefix costs one etcd read per process, not one per first page.
     */
    private byte[] hint(byte[] floor, byte[] end) {
        byte[] hint;
        synchronized (remembered) {
            hint = remembered.get(name(floor));
        }
        if (hint == null) {
            hint = stored.load(floor);
            remember(floor, hint == null ? NONE : hint);
        }
        boolean inRange = hint != null && hint.length >= floor.length && Arrays.equals(hint, 0, floor.length, floor, 0, floor.length)
                && (end.length == 0 || Arrays.compareUnsigned(hint, end) < 0);
        return inRange ? hint : null;
    }

    private void remember(byte[] floor, byte[] key) {
        synchronized (remembered) {
            remembered.put(name(floor), key);
        }
    }

    /** A map key for bytes: one char per byte. */
    private static String name(byte[] floor) {
        return new String(floor, StandardCharsets.ISO_8859_1);
    }
}
