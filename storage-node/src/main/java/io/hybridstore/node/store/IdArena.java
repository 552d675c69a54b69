package io.hybridstore.node.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The chunk ids of the segment index, their ASCII bytes one after another in one growing array: an
 * id is an (offset, length) pair in its {@link ChunkTable} slot, not a String of its own. Append
 * only; a removed id's bytes are counted dead and reclaimed when its table copies the live ids into a
 * fresh arena ({@link #wasteful}). Single writer; a reader in optimistic mode may meet any state,
 * including offsets past the end: it gets an exception or a wrong answer, and its stamp fails.
 */
final class IdArena {
    /** Reclaim once this many bytes are dead and they are at least half of what was written. */
    static final int RECLAIM_MIN_DEAD = 64 << 10;

    private byte[] bytes;
    private int used;
    private long dead;

    IdArena(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Appends the id's bytes (ASCII: {@link ChunkIds} admits nothing else) and returns their offset. */
    int append(String id) {
        int length = id.length();
        int at = reserve(length);
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("chunk id is not ASCII (ChunkIds admits only [A-Za-z0-9._-])");
            }
            bytes[at + i] = (byte) c;
        }
        used += length;
        return at;
    }

    /** Appends the bytes of an id of {@code from} (a reclaim): returns their offset here. */
    int copy(IdArena from, int offset, int length) {
        int at = reserve(length);
        System.arraycopy(from.bytes, offset, bytes, at, length);
        used += length;
        return at;
    }

    boolean equals(int offset, int length, String id) {
        if (length != id.length()) {
            return false;
        }
        byte[] b = bytes;
        for (int i = 0; i < length; i++) {
            if (b[offset + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The order of {@link String#compareTo} (byte order, for ASCII) of the stored id against {@code id}. */
    int compare(int offset, int length, String id) {
        byte[] b = bytes;
        int common = Math.min(length, id.length());
        for (int i = 0; i < common; i++) {
            int diff = b[offset + i] - id.charAt(i);
            if (diff != 0) {
                return diff;
            }
        }
        return length - id.length();
    }

    /** The same order between two stored ids. */
    int compare(int offset, int length, int otherOffset, int otherLength) {
        byte[] b = bytes;
        int common = Math.min(length, otherLength);
        for (int i = 0; i < common; i++) {
            int diff = b[offset + i] - b[otherOffset + i];
            if (diff != 0) {
                return diff;
            }
        }
        return length - otherLength;
    }

    String string(int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /** A removed id's bytes: dead until the next reclaim. */
    void release(int length) {
        dead += length;
    }

    boolean wasteful() {
        return dead >= RECLAIM_MIN_DEAD && 2 * dead >= used;
    }

    int used() {
        return used;
    }

    long live() {
        return used - dead;
    }

    int capacity() {
        return bytes.length;
    }

    private int reserve(int length) {
        if (used + length > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, (long) used + length);
            if (grown > Integer.MAX_VALUE - 16) {
                if ((long) used + length > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("the segment index's id arena is full (" + used + " bytes)");
                }
                grown = Integer.MAX_VALUE - 16;
            }
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
        return used;
    }
}
