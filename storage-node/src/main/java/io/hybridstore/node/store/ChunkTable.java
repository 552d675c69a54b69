package io.hybridstore.node.store;

import java.util.Arrays;
import java.util.List;

/**
 * The storage of the {@link SegmentIndex}: no Java object per chunk. Each live chunk is one slot of
 * {@value #SLOT} longs (48 bytes: offset; segment and header length; length and CRC32C; modified
 * time; the id's place in the {@link IdArena} with its fan-out; the id's hash and the next slot of its
 * fan-out chain) in pages of {@value #PAGE_SLOTS} slots. Fixed slots, not one array per field: a
 * look-up touches one or two cache lines and a freed slot is reused whole; pages, not one doubling
 * array: growth adds a 384-KiB page instead of copying everything into an array the collector must
 * copy again (see {@link IdArena}).
 *
 * <p>Three ways in: by id, an open-addressing table of ints (slot + 1; linear probing, deletion by
 * backward shift, so no tombstones) over {@link String#hashCode} of the id (cached in the caller's
 * String, and equal to the same polynomial over the stored ASCII bytes), mixed; in listing order, per
 * fan-out value (the first 2 bytes of SHA-256(id), computed once at insert) a chain of slots sorted
 * by id: 65,536 heads, chains of ~15 at a million chunks; and by slot number, for a reclaim of the
 * arena and the growth of the id table.
 *
 * <p>One writer at a time (the log's append lock, and {@link SegmentIndex}'s write lock around each
 * mutation). Readers run in {@link SegmentIndex}'s optimistic mode and may meet a half-made change:
 * every loop here is bounded, so such a reader ends with a wrong answer or an exception, which its
 * failed stamp makes it discard.
 */
final class ChunkTable {
    static final int FANS = 1 << 16;
    static final int NONE = -1;
    private static final int SLOT = 6;
    private static final int PAGE_SHIFT = 13;
    static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SLOTS - 1;
    private static final int OFFSET = 0; // the record's header offset in its segment
    private static final int SEGMENT_HEADER = 1; // segment << 32 | header length
    private static final int LENGTH_CRC = 2; // data length << 32 | CRC32C
    private static final int MODIFIED = 3;
    private static final int ID = 4; // arena offset << 32 | fan-out << 16 | id length (0: a free slot)
    private static final int HASH_NEXT = 5; // id hash << 32 | next slot in the fan-out chain (its free list when free)

    private long[][] pages = new long[8][];
    private int pageCount;
    private int highWater; // slots [0, highWater) were used once
    private int free = NONE; // freed slots, linked through their next
    private int[] byId; // slot + 1; 0 is empty
    private int size;
    private final int[] heads = new int[FANS];
    private IdArena ids;
    private int reclaims;

    /** {@code initialIds}: the id table's first size (it doubles); the slots and the arena grow by pages. */
    ChunkTable(int initialIds) {
        byId = new int[Integer.highestOneBit(Math.max(4, initialIds - 1)) << 2];
        ids = new IdArena();
        Arrays.fill(heads, NONE);
    }

    /** The id's slot, or {@link #NONE}. */
    int find(String id) {
        int hash = id.hashCode();
        int[] table = byId;
        long[][] p = pages;
        IdArena arena = ids;
        int mask = table.length - 1;
        for (int i = home(hash, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            int slot = table[i] - 1;
            if (slot < 0) {
                return NONE;
            }
            long[] page = p[slot >>> PAGE_SHIFT];
            int at = (slot & PAGE_MASK) * SLOT;
            if ((int) (page[at + HASH_NEXT] >>> 32) == hash && arena.equals(arenaOffset(page[at + ID]), idLength(page[at + ID]), id)) {
                return slot;
            }
        }
        return NONE;
    }

    /** The entry in {@code slot}, named by {@code id} (the caller's, equal to the stored one). */
    SegmentIndex.Entry entry(int slot, String id) {
        long[] s = pages[slot >>> PAGE_SHIFT];
        int at = (slot & PAGE_MASK) * SLOT;
        long segmentHeader = s[at + SEGMENT_HEADER];
        long lengthCrc = s[at + LENGTH_CRC];
        return new SegmentIndex.Entry(id, (int) (segmentHeader >>> 32), s[at + OFFSET], (int) segmentHeader, (int) (lengthCrc >>> 32),
                (int) lengthCrc, s[at + MODIFIED]);
    }

    SegmentIndex.Entry entry(int slot) {
        long idWord = word(slot, ID);
        return entry(slot, ids.string(arenaOffset(idWord), idLength(idWord)));
    }

    int segment(int slot) {
        return (int) (word(slot, SEGMENT_HEADER) >>> 32);
    }

    long offset(int slot) {
        return word(slot, OFFSET);
    }

    int headerLength(int slot) {
        return (int) word(slot, SEGMENT_HEADER);
    }

    int length(int slot) {
        return (int) (word(slot, LENGTH_CRC) >>> 32);
    }

    /** A new id (not in the table) with its fan-out value; returns its slot. */
    int insert(String id, int fan, int segment, long offset, int headerLength, int length, int crc32c, long modifiedMillis) {
        if (2 * (size + 1) > byId.length) {
            byId = rehash(byId.length * 2);
        }
        int slot = allocate();
        long[] s = pages[slot >>> PAGE_SHIFT];
        int at = (slot & PAGE_MASK) * SLOT;
        s[at + ID] = (long) ids.append(id) << 32 | (long) fan << 16 | id.length();
        s[at + HASH_NEXT] = (long) id.hashCode() << 32 | (NONE & 0xffffffffL);
        update(slot, segment, offset, headerLength, length, crc32c, modifiedMillis);
        place(byId, slot);
        link(slot, fan);
        size++;
        return slot;
    }

    /** A newer record of the slot's id (a re-put), or the same record moved by compaction. */
    void update(int slot, int segment, long offset, int headerLength, int length, int crc32c, long modifiedMillis) {
        long[] s = pages[slot >>> PAGE_SHIFT];
        int at = (slot & PAGE_MASK) * SLOT;
        s[at + OFFSET] = offset;
        s[at + SEGMENT_HEADER] = (long) segment << 32 | (headerLength & 0xffffffffL);
        s[at + LENGTH_CRC] = (long) length << 32 | (crc32c & 0xffffffffL);
        s[at + MODIFIED] = modifiedMillis;
    }

    void move(int slot, int segment, long offset) {
        long[] s = pages[slot >>> PAGE_SHIFT];
        int at = (slot & PAGE_MASK) * SLOT;
        s[at + OFFSET] = offset;
        s[at + SEGMENT_HEADER] = (long) segment << 32 | (s[at + SEGMENT_HEADER] & 0xffffffffL);
    }

    void remove(int slot) {
        long idWord = word(slot, ID);
        unlink(slot, fan(idWord));
        unplace(slot);
        ids.release(idLength(idWord));
        setWord(slot, ID, 0);
        setNext(slot, free);
        free = slot;
        size--;
        if (ids.wasteful()) {
            reclaimIds();
        }
    }

    /**
     * Appends to {@code page} the entries of fan-out {@code fan} in id order, those after {@code afterId}
     * only when it is given, until {@code page} holds {@code limit}.
     */
    void chain(int fan, String afterId, int limit, List<SegmentIndex.Entry> page) {
        long[][] p = pages;
        IdArena arena = ids;
        int steps = 0;
        for (int slot = heads[fan]; slot != NONE && page.size() < limit; slot = next(p, slot)) {
            if (++steps > highWater) {
                throw new IllegalStateException("a chain longer than the table: changed while read");
            }
            long idWord = p[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * SLOT + ID];
            if (afterId == null || arena.compare(arenaOffset(idWord), idLength(idWord), afterId) > 0) {
                page.add(entry(slot, arena.string(arenaOffset(idWord), idLength(idWord))));
            }
        }
    }

    boolean emptyFan(int fan) {
        return heads[fan] == NONE;
    }

    int size() {
        return size;
    }

    /** Bytes of ids written to the arena since its last reclaim, dead ones included. */
    long idBytes() {
        return ids.written();
    }

    int reclaims() {
        return reclaims;
    }

    int slotCapacity() {
        return pageCount * PAGE_SLOTS;
    }

    int idPages() {
        return ids.pages();
    }

    private int allocate() {
        if (free != NONE) {
            int slot = free;
            free = next(pages, slot);
            return slot;
        }
        if (highWater == pageCount * PAGE_SLOTS) {
            if (highWater > Integer.MAX_VALUE / 2 - PAGE_SLOTS) {
                throw new IllegalStateException("the segment index is full (" + size + " chunks)");
            }
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            pages[pageCount++] = new long[PAGE_SLOTS * SLOT];
        }
        return highWater++;
    }

    /** Links the slot into its fan-out chain before the first id greater than its own. */
    private void link(int slot, int fan) {
        long idWord = word(slot, ID);
        int previous = NONE;
        int current = heads[fan];
        while (current != NONE) {
            long other = word(current, ID);
            if (ids.compare(arenaOffset(other), idLength(other), arenaOffset(idWord), idLength(idWord)) > 0) {
                break;
            }
            previous = current;
            current = next(pages, current);
        }
        setNext(slot, current);
        if (previous == NONE) {
            heads[fan] = slot;
        } else {
            setNext(previous, slot);
        }
    }

    private void unlink(int slot, int fan) {
        int previous = NONE;
        int current = heads[fan];
        while (current != slot) {
            previous = current;
            current = next(pages, current);
        }
        if (previous == NONE) {
            heads[fan] = next(pages, slot);
        } else {
            setNext(previous, next(pages, slot));
        }
    }

    private void place(int[] table, int slot) {
        int mask = table.length - 1;
        int i = home(hash(slot), mask);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
    }

    /** Removes the slot from the id table, shifting back the entries after it that probed past it. */
    private void unplace(int slot) {
        int[] table = byId;
        int mask = table.length - 1;
        int hole = home(hash(slot), mask);
        while (table[hole] != slot + 1) {
            hole = (hole + 1) & mask;
        }
        for (int i = (hole + 1) & mask; table[i] != 0; i = (i + 1) & mask) {
            int home = home(hash(table[i] - 1), mask);
            // the entry at i may fill the hole unless its home lies cyclically in (hole, i]
            boolean homeAfterHole = hole <= i ? home > hole && home <= i : home > hole || home <= i;
            if (!homeAfterHole) {
                table[hole] = table[i];
                hole = i;
            }
        }
        table[hole] = 0;
    }

    private int[] rehash(int capacity) {
        int[] table = new int[capacity];
        for (int slot = 0; slot < highWater; slot++) {
            if (word(slot, ID) != 0) {
                place(table, slot);
            }
        }
        return table;
    }

    /** Copies the live ids into a new arena (under the write lock). */
    private void reclaimIds() {
        IdArena fresh = new IdArena();
        for (int slot = 0; slot < highWater; slot++) {
            long idWord = word(slot, ID);
            if (idWord != 0) {
                long moved = fresh.copy(ids, arenaOffset(idWord), idLength(idWord));
                setWord(slot, ID, moved << 32 | (idWord & 0xffffffffL));
            }
        }
        ids = fresh;
        reclaims++;
    }

    private long word(int slot, int field) {
        return pages[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * SLOT + field];
    }

    private void setWord(int slot, int field, long value) {
        pages[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * SLOT + field] = value;
    }

    private int hash(int slot) {
        return (int) (word(slot, HASH_NEXT) >>> 32);
    }

    private void setNext(int slot, int next) {
        setWord(slot, HASH_NEXT, (word(slot, HASH_NEXT) & 0xffffffff00000000L) | (next & 0xffffffffL));
    }

    private static int next(long[][] p, int slot) {
        return (int) p[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * SLOT + HASH_NEXT];
    }

    private static int home(int hash, int mask) {
        return (hash * 0x9E3779B9 >>> 16 ^ hash * 0x9E3779B9) & mask;
    }

    private static int arenaOffset(long idWord) {
        return (int) (idWord >>> 32);
    }

    private static int idLength(long idWord) {
        return (int) (idWord & 0xffff);
    }

    private static int fan(long idWord) {
        return (int) (idWord >>> 16) & 0xffff;
    }
}
