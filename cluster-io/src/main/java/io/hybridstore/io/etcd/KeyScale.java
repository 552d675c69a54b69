package io.hybridstore.io.etcd;

import java.util.Arrays;

/**
 * Keys placed on a line, so that a range read can aim at a number of keys: a key's bytes after a
 * block's prefix read as the digits of a fraction of that block, each byte counted by its rank
 * among the bytes seen so far in keys of the range. Why ranks and not byte values: keys use few of
 * the 256 values (ten for decimal keys, sixteen for hex), and with byte values the blocks of
 * unused ones ({@code ':'}…{@code 0xff} after {@code '9'}) would look like empty stretches, so that
 * the keys per unit measured on one side of a carry would say nothing about the other side.
 *
 * <p>Monotone: a key after another never gets a smaller fraction. A byte never seen counts as the
 * rank it would take and ends the key there (it sits between two seen bytes, so nothing after it
 * can push it past the next one); a byte above every seen one is a whole unit of the place before.
 * Only cost depends on the scale, never what a read returns: it picks where sub-ranges end.
 */
final class KeyScale {

    /** Places below this are beyond a double's precision for fractions near 1: digits there are noise. */
    static final double FINEST_PLACE = 1e-13;

    /** The widest run of unseen bytes between two seen ones that a filled scale always takes as seen. */
    static final int FILLED_GAP = 8;

    private final int floor;
    private final boolean filled;
    private final boolean[] seen = new boolean[256];
    /** {@code below[b]}: how many seen bytes are smaller than {@code b}; {@code below[256]} is the radix. */
    private final int[] below = new int[257];
    /** {@code byRank[r]}: the seen byte of rank {@code r}. */
    private final byte[] byRank = new byte[256];
    private boolean indexed = true;

    /**
     * @param floor  bytes every key of the range shares: positions from there on are digits
     * @param filled whether the bytes in a narrow gap between two seen ones count as seen (at most
     *               {@value #FILLED_GAP} wide, or as wide as the gaps between as many bytes drawn at
     *               random): a guess at the bytes keys use while few were read ({@code 0599578} and the
     *               key after it use five of the ten digits), that leaves out the 39 bytes between
     *               {@code 9} and {@code a} once the sixteen hexadecimal digits were seen
     */
    KeyScale(int floor, boolean filled) {
        this.floor = floor;
        this.filled = filled;
    }

    /** Adds the bytes of {@code key} after the range's shared prefix to the seen ones. */
    void learn(byte[] key) {
        for (int i = floor; i < key.length; i++) {
            int b = key[i] & 0xff;
            if (!seen[b]) {
                seen[b] = true;
                indexed = false;
            }
        }
    }

    /** How many distinct bytes were seen: the digits' base. */
    int radix() {
        index();
        return below[256];
    }

    /** {@code key}'s place in the block of its first {@code base} bytes, in [0, 1]. */
    double fraction(byte[] key, int base) {
        index();
        int radix = below[256];
        double value = 0;
        double place = 1;
        for (int i = base; i < key.length && place > FINEST_PLACE; i++) {
            place /= radix;
            int b = key[i] & 0xff;
            value += below[b] * place;
            if (!seen[b]) {
                break;
            }
        }
        return value;
    }

    /**
     * The key of {@code block}'s first {@code base} bytes and then {@code digits} seen bytes whose
     * fraction is the largest at most {@code fraction} (&lt; 1).
     */
    byte[] key(byte[] block, int base, double fraction, int digits) {
        index();
        int radix = below[256];
        byte[] key = Arrays.copyOf(block, base + digits);
        double rest = fraction;
        for (int i = base; i < key.length; i++) {
            rest *= radix;
            int digit = Math.min(radix - 1, (int) rest);
            rest -= digit;
            key[i] = byRank[digit];
        }
        return key;
    }

    /** How many digits a key needs for its last place to be at most {@code place} (at least 1, within a double's precision). */
    int digitsFor(double place) {
        int radix = radix();
        int digits = 1;
        double unit = 1.0 / radix;
        while (unit > place && unit / radix > FINEST_PLACE) {
            unit /= radix;
            digits++;
        }
        return digits;
    }

    private void index() {
        if (indexed) {
            return;
        }
        if (filled) {
            int count = 0;
            for (boolean b : seen) {
                count += b ? 1 : 0;
            }
            int gap = Math.max(FILLED_GAP, 256 / Math.max(1, count)); // as wide as the gaps of bytes drawn at random
            int last = -1;
            for (int b = 0; b < 256; b++) {
                if (seen[b]) {
                    if (last >= 0 && b - last - 1 <= gap) {
                        Arrays.fill(seen, last + 1, b, true);
                    }
                    last = b;
                }
            }
        }
        int rank = 0;
        for (int b = 0; b < 256; b++) {
            below[b] = rank;
            if (seen[b]) {
                byRank[rank++] = (byte) b;
            }
        }
        below[256] = rank;
        indexed = true;
    }
}
