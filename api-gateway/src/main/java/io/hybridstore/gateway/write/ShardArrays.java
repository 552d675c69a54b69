package io.hybridstore.gateway.write;

import java.util.ArrayDeque;

/**
 * The shard arrays of one upload, reused from stripe to stripe. Allocating 6 MiB of fresh arrays
 * per 4 MiB stripe made the JVM zero every byte before the body was read into it and collect it
 * soon after: measured, about a tenth of the gateway's CPU during a large upload. Used by the
 * upload's own thread only.
 */
final class ShardArrays {
    private final int size;
    private final int keep;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    /** @param size the shard size of a full stripe, the only size kept; @param keep how many arrays to keep at most */
    ShardArrays(int size, int keep) {
        this.size = size;
        this.keep = keep;
    }

    /** An array of {@code length} bytes: a kept one (stale contents) when it has the kept size, else a new one. */
    byte[] take(int length) {
        byte[] kept = length == size ? free.poll() : null;
        return kept != null ? kept : new byte[length];
    }

    /** Returns arrays no reader will touch again; beyond {@code keep}, or of another size, they are left to the GC. */
    void give(byte[]... arrays) {
        for (byte[] array : arrays) {
            if (array != null && array.length == size && free.size() < keep) {
                free.push(array);
            }
        }
    }
}
