package io.hybridstore.gateway.write;

import java.util.ArrayDeque;

/**
 * Shard arrays of one size, reused. Allocating 6 MiB of fresh arrays per 4 MiB stripe made the JVM
 * zero every byte before the body was read into it and collect it soon after: measured, about a
 * tenth of the gateway's CPU during a large upload. The writer keeps one pool of the default
 * stripe's shard size for all uploads ({@link BlobWriter}), so that uploads of a few stripes each
 * (an S3 part of 8 MiB is two) reuse what the last ones gave back instead of allocating 12 MiB each;
 * an upload of another stripe size keeps a pool of its own. Thread-safe: uploads take and give on
 * their own threads.
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

    /** The shard size this pool keeps. */
    int size() {
        return size;
    }

    /** An array of {@code length} bytes: a kept one (stale contents) when it has the kept size, else a new one. */
    byte[] take(int length) {
        byte[] kept = null;
        if (length == size) {
            synchronized (free) {
                kept = free.poll();
            }
        }
        return kept != null ? kept : new byte[length];
    }

    /** Returns arrays no reader will touch again; beyond {@code keep}, or of another size, they are left to the GC. */
    void give(byte[]... arrays) {
        synchronized (free) {
            for (byte[] array : arrays) {
                if (array != null && array.length == size && free.size() < keep) {
                    free.push(array);
                }
            }
        }
    }

    /** How many arrays wait to be taken again. */
    int kept() {
        synchronized (free) {
            return free.size();
        }
    }
}
