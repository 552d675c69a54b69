package io.hybridstore.common.repair;

import java.nio.charset.StandardCharsets;

/**
 * The copies (node, chunk id) that object metadata references, collected during one full scan, as
 * a Bloom filter. Memory is fixed: {@code bits/8} bytes however large the store (64 Mbit = 8 MiB
 * keeps about 1% false positives up to ~6.7 million copies, i.e. ~700k objects of 3 replicas + 6
 * shards). A false positive only means a garbage chunk survives until a later cycle; a false
 * negative, which would delete live data, cannot happen. An exact set would cost ~100 bytes per
 * copy instead and grow without bound.
 */
public final class ReferencedChunks {

    private static final int HASHES = 7;
    private final long[] words;
    private final long bits;
    private long added;

    public ReferencedChunks(long bits) {
        long wordsNeeded = (bits + 63) / 64;
        if (wordsNeeded > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("filter too large: " + bits + " bits");
        }
        this.words = new long[(int) wordsNeeded];
        this.bits = wordsNeeded * 64;
    }

    public synchronized void add(String nodeId, String chunkId) {
        long[] h = hashes(nodeId, chunkId);
        for (int i = 0; i < HASHES; i++) {
            long bit = Math.floorMod(h[0] + i * h[1], bits);
            words[(int) (bit >>> 6)] |= 1L << (bit & 63);
        }
        added++;
    }

    /** False means certainly not referenced; true means probably referenced. */
    public synchronized boolean mightContain(String nodeId, String chunkId) {
        long[] h = hashes(nodeId, chunkId);
        for (int i = 0; i < HASHES; i++) {
            long bit = Math.floorMod(h[0] + i * h[1], bits);
            if ((words[(int) (bit >>> 6)] & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    public synchronized long added() {
        return added;
    }

    private static long[] hashes(String nodeId, String chunkId) {
        byte[] bytes = (nodeId + '/' + chunkId).getBytes(StandardCharsets.UTF_8);
        long h1 = 0xcbf29ce484222325L;
        long h2 = 0x84222325cbf29ce4L;
        for (byte b : bytes) {
            h1 = (h1 ^ (b & 0xff)) * 0x100000001b3L;
            h2 = Long.rotateLeft(h2 ^ (b & 0xff), 29) * 0x9E3779B97F4A7C15L;
        }
        return new long[] {mix(h1), mix(h2) | 1};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
