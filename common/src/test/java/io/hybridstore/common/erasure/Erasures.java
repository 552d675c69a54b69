package io.hybridstore.common.erasure;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: erasure patterns and shard-set copies. */
final class Erasures {

    private Erasures() {
    }

    /** Every set of {@code count} shard indexes out of {@code total}, as sorted arrays. */
    static List<int[]> combinations(int total, int count) {
        List<int[]> result = new ArrayList<>();
        collect(total, count, 0, new int[count], 0, result);
        return result;
    }

    private static void collect(int total, int count, int from, int[] current, int depth, List<int[]> out) {
        if (depth == count) {
            out.add(current.clone());
            return;
        }
        for (int i = from; i < total; i++) {
            current[depth] = i;
            collect(total, count, i + 1, current, depth + 1, out);
        }
    }

    /** C(n, r). */
    static long binomial(int n, int r) {
        long result = 1;
        for (int i = 1; i <= r; i++) {
            result = result * (n - r + i) / i;
        }
        return result;
    }

    static byte[][] deepCopy(byte[][] shards) {
        byte[][] copy = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            copy[i] = shards[i] == null ? null : shards[i].clone();
        }
        return copy;
    }

    /** Data shards followed by parity shards, as one set. */
    static byte[][] concat(byte[][] data, byte[][] parity) {
        byte[][] all = new byte[data.length + parity.length][];
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(parity, 0, all, data.length, parity.length);
        return all;
    }
}
