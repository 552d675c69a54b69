package io.hybridstore.io.etcd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A limited range read split into consecutive sub-ranges, each about as wide as what the page
 * still needs, so that it costs about what it returns. Why: etcd (through 3.6) answers a range with
 * a limit by walking its in-memory index over the <em>whole</em> range, to report the total count;
 * a page of 1,000 from a random cursor in a 1M-key prefix took 0.5 s (p50) that way on etcd 3.4,
 * against 10 ms at 10k keys.
 *
 * <p>The first sub-range is the keys that differ from {@code from} only in its last byte. The
 * narrowing used to widen level by level (the keys differing in the last two bytes, three, ...): a
 * level costs nothing to aim, but the level after a block's last child is the whole rest of a much
 * larger block: from {@code obj/0199950} a read of ~2,300 took {@code obj/01999xx} and then
 * {@code [obj/02, obj/1)}, 800,000 keys counted for it (docs/benchmarks.md, session 17). So every
 * later sub-range is aimed instead ({@link #aim}): the keys found over {@code [from, start)} give a
 * density on a {@link KeyScale}, and the sub-range ends where that density puts a little more than
 * the keys still needed — across block boundaries, since the scale counts only bytes in use.
 * Levels remain the fallback when the scale cannot place the keys.
 *
 * <p>Each read starts where the last one ended and asks only for what the page still lacks, so
 * nothing is read twice, and every sub-range is correct whatever the aim: the aim decides only cost.
 */
final class NarrowingRange {

    /** Keys a sub-range aims at, at least, once keys were seen: a few round trips' worth of growth. */
    static final int MIN_AIM = 64;
    /** How many times the keys seen so far the next sub-range aims at, at most: a density from few keys is rough. */
    static final int GROWTH = 16;
    /** How many times wider than the last one a sub-range is after the last one held no key, once keys were seen. */
    static final int EMPTY_GROWTH = 4;
    /** Keys seen before the bytes they use are taken as all the keys use ({@link KeyScale}'s filled scale until then). */
    static final int TRUSTED = 64;

    private NarrowingRange() {
    }

    /**
     * Up to {@code limit} items of {@code [from, end)} in key order.
     *
     * @param floor  bytes every key of the range shares (its prefix): levels stop there
     * @param end    the range's end; empty for "to the end of the keyspace"
     * @param reader reads one sub-range {@code [start, end)} with a limit
     * @param keyOf  an item's key, to learn the bytes keys use
     */
    static <T> List<T> read(byte[] from, int floor, byte[] end, int limit, Reader<T> reader, Function<T, byte[]> keyOf) {
        List<T> found = new ArrayList<>();
        if (!before(from, end)) {
            return found;
        }
        // "Strictly after k" starts at k + NUL: its first level would hold only k's descendants
        // (k + more bytes), which keys rarely have; reading them with k's siblings saves a round trip.
        boolean afterKey = from.length > 1 && from[from.length - 1] == 0;
        int shared = from.length - (afterKey ? 2 : 1);
        byte[] cursor = afterKey ? Arrays.copyOf(from, from.length - 1) : from;
        KeyScale exact = new KeyScale(floor, false);
        KeyScale guess = new KeyScale(floor, true); // until enough keys were seen to know the bytes they use
        exact.learn(cursor);
        guess.learn(cursor);
        byte[] start = from;
        byte[] previous = from;
        int readLast = 0;
        while (found.size() < limit) {
            byte[] subEnd = start == from ? null : aim(found.size() < TRUSTED ? guess : exact, from, previous, start, floor, end,
                    found.size(), readLast, limit - found.size());
            while (subEnd == null) { // the first read, or the scale cannot place these keys: widen a level
                byte[] level = shared <= floor ? end : end(from, shared, end);
                shared--;
                subEnd = Arrays.equals(level, end) || before(start, level) ? level : null;
            }
            List<T> read = reader.read(start, subEnd, limit - found.size());
            for (T item : read) {
                byte[] key = keyOf.apply(item);
                exact.learn(key);
                guess.learn(key);
            }
            found.addAll(read);
            readLast = read.size();
            if (Arrays.equals(subEnd, end)) {
                break;
            }
            previous = start;
            start = subEnd;
        }
        return found;
    }

    /**
     * Where the next sub-range from {@code start} ends so that it holds a little more than
     * {@code need} keys, judged by the {@code seen} keys of {@code [from, start)}; null when the
     * scale cannot tell. It aims at fewer when {@code seen} is small (at most {@value #GROWTH}
     * times as many, at least {@value #MIN_AIM}), and with a margin that shrinks as the density
     * grows surer (two standard deviations of a count of {@code seen}). With none seen, it
     * widens by the scale's radix, as a level would, but from {@code start}: across the end of
     * the block just read into the next ones, not to the end of the block above.
     */
    static byte[] aim(KeyScale scale, byte[] from, byte[] previous, byte[] start, int floor, byte[] end, int seen, int readLast,
            int need) {
        int radix = scale.radix();
        int base = Arrays.mismatch(from, start); // [from, start) lies in the block of their shared bytes
        if (radix < 2 || base < floor) {
            return null;
        }
        double first = scale.fraction(from, base);
        double at = scale.fraction(start, base);
        if (!(at > first)) {
            return null;
        }
        double widen = seen == 0 ? radix
                : Math.min((1 + 2 / Math.sqrt(seen)) * need, Math.max(MIN_AIM, (double) GROWTH * seen)) / seen;
        double span = widen * (at - first); // in units of the block of start's first `base` bytes
        if (readLast == 0) { // nothing in the last sub-range: widen from there, gently once keys gave a density
            span = Math.max(span, (seen == 0 ? radix : EMPTY_GROWTH) * (at - scale.fraction(previous, base)));
        }
        for (int depth = base; depth >= floor; depth--) {
            double here = depth == base ? at : scale.fraction(start, depth);
            if (here + span >= 1 && depth == floor + 1) {
                // Beyond the block of start's first byte after the prefix: the scale has seen the
                // bytes of few keys, and those after the largest seen would all be "the rest".
                return end(start, depth, end);
            }
            if (here + span < 1) {
                byte[] aimed = scale.key(start, depth, here + span, scale.digitsFor(span / 4));
                if (!before(start, aimed)) {
                    return null;
                }
                return before(aimed, end) ? aimed : end;
            }
            span /= radix; // the block one byte shorter holds radix of these
        }
        return end;
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

    /** Whether {@code key} comes before {@code bound}, an end where empty is the end of the keyspace. */
    private static boolean before(byte[] key, byte[] bound) {
        return bound.length == 0 || Arrays.compareUnsigned(key, bound) < 0;
    }

    /** One sub-range read. */
    @FunctionalInterface
    interface Reader<T> {
        List<T> read(byte[] start, byte[] end, int limit);
    }
}
