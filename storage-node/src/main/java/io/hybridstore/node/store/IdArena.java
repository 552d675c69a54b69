package io.hybridstore.node.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The chunk ids of the segment index, their ASCII bytes one after another in pages of
 * {@value #PAGE} bytes: an id is an (offset, length) pair in its {@link ChunkTable} slot, not a String
 * of its own, and never straddles two pages. Pages, not one doubling array: a doubling copies the
 * whole arena into a new array, which the collector then copies once more into old pages never
 * touched (16 MiB at ~250,000 ids: collections of 53-129 ms in the write phase, docs/benchmarks.md,
 * session 29); a new page is one small allocation, copied like any young object. Append only; a
 * removed id's bytes are counted dead and reclaimed when its table copies the live ids into a fresh
 * arena ({@link #wasteful}). Single writer; a reader in optimistic mode may meet any state, including
 * offsets past the end: it gets an exception or a wrong answer, and its stamp fails.
 */
final class IdArena {
    /** Reclaim once this many bytes are dead and they are at least half of what was written. */
    static final int RECLAIM_MIN_DEAD = 64 << 10;
    static final int PAGE_SHIFT = 18;
    static final int PAGE = 1 << PAGE_SHIFT;
    private static final int MAX_PAGES = (1 << (31 - PAGE_SHIFT)) - 1;

    private byte[][] pages = new byte[8][];
    private int pageCount;
    private int inPage = PAGE; // bytes used in the last page (full: the next id opens a page)
    private long written; // bytes of ids appended, the ends of pages left unused included
    private long dead;

    /** Appends the id's bytes (ASCII: {@link ChunkIds} admits nothing else) and returns their offset. */
    int append(String id) {
        int length = id.length();
        for (int i = 0; i < length; i++) {
            if (id.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("chunk id is not ASCII (ChunkIds admits only [A-Za-z0-9._-])");
            }
        }
        int at = reserve(length);
        byte[] page = pages[pageCount - 1];
        for (int i = 0; i < length; i++) {
            page[inPage + i] = (byte) id.charAt(i);
        }
        inPage += length;
        written += length;
        return at;
    }

    /** Appends the bytes of an id of {@code from} (a reclaim): returns their offset here. */
    int copy(IdArena from, int offset, int length) {
        int at = reserve(length);
        System.arraycopy(from.pages[offset >>> PAGE_SHIFT], offset & (PAGE - 1), pages[pageCount - 1], inPage, length);
        inPage += length;
        written += length;
        return at;
    }

    boolean equals(int offset, int length, String id) {
        if (length != id.length()) {
            return false;
        }
        byte[] b = pages[offset >>> PAGE_SHIFT];
        int from = offset & (PAGE - 1);
        for (int i = 0; i < length; i++) {
            if (b[from + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The order of {@link String#compareTo} (byte order, for ASCII) of the stored id against {@code id}. */
    int compare(int offset, int length, String id) {
        byte[] b = pages[offset >>> PAGE_SHIFT];
        int from = offset & (PAGE - 1);
        int common = Math.min(length, id.length());
        for (int i = 0; i < common; i++) {
            int diff = b[from + i] - id.charAt(i);
            if (diff != 0) {
                return diff;
            }
        }
        return length - id.length();
    }

    /** The same order between two stored ids. */
    int compare(int offset, int length, int otherOffset, int otherLength) {
        byte[] b = pages[offset >>> PAGE_SHIFT];
        byte[] o = pages[otherOffset >>> PAGE_SHIFT];
        int from = offset & (PAGE - 1);
        int otherFrom = otherOffset & (PAGE - 1);
        int common = Math.min(length, otherLength);
        for (int i = 0; i < common; i++) {
            int diff = b[from + i] - o[otherFrom + i];
            if (diff != 0) {
                return diff;
            }
        }
        return length - otherLength;
    }

    String string(int offset, int length) {
        return new String(pages[offset >>> PAGE_SHIFT], offset & (PAGE - 1), length, StandardCharsets.ISO_8859_1);
    }

    /** A removed id's bytes: dead until the next reclaim. */
    void release(int length) {
        dead += length;
    }

    boolean wasteful() {
        return dead >= RECLAIM_MIN_DEAD && 2 * dead >= written;
    }

    /** Bytes appended since this arena was made, dead ones and the unused ends of pages included. */
    long written() {
        return written;
    }

    long live() {
        return written - dead;
    }

    int pages() {
        return pageCount;
    }

    /** Where {@code length} bytes go: the last page, or a new one when they do not fit (its unused end counted dead). */
    private int reserve(int length) {
        if (inPage + length > PAGE) {
            if (pageCount == MAX_PAGES) {
                throw new IllegalStateException("the segment index's id arena is full (" + pageCount + " pages)");
            }
            if (pageCount > 0) {
                written += PAGE - inPage;
                dead += PAGE - inPage;
            }
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            pages[pageCount++] = new byte[PAGE];
            inPage = 0;
        }
        return (pageCount - 1) << PAGE_SHIFT | inPage;
    }
}
