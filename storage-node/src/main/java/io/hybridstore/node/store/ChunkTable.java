package io.hybridstore.node.store;

import java.util.Arrays;
import java.util.List;

/**
 * The storage of the {@link SegmentIndex}: no Java object per chunk. Each live chunk is one slot of
 * {@value #SLOT} longs in one {@code long[]} (48 bytes: offset; segment and header length; length and
 * CRC32C; modified time; the id's place in the {@link IdArena} with its fan-out; the id's hash and the
 * next slot of its fan-out chain). One array of fixed slots, not one array per field: a look-up
 * touches one or two cache lines, growth copies one array, and a freed slot is reused whole.
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
    private static final int OFFSET = 0; // the record's header offset in its segment
    private static final int SEGMENT_HEADER = 1; // segment << 32 | header length
    private static final int LENGTH_CRC = 2; // data length << 32 | CRC32C
    private static final int MODIFIED = 3;
    private static final int ID = 4; // arena offset << 32 | fan-out << 16 | id length (0: a free slot)
    private static final int HASH_NEXT = 5; // id hash << 32 | next slot in the fan-out chain (its free list when free)

    private long[] slots;
    private int highWater; // slots [0, highWater) were used once
    private int free = NONE; // freed slots, linked through their next
    private int[] byId; // slot + 1; 0 is empty
    private int size;
    private final int[] heads = new int[FANS];
    private IdArena ids;
    private int reclaims;

    ChunkTable(int initialSlots) {
        int capacity = Integer.highestOneBit(Math.max(4, initialSlots - 1)) << 1;
        slots = new long[capacity * SLOT];
        byId = new int[capacity * 2];
        ids = new IdArena(capacity * 64);
        Arrays.fill(heads, NONE);
    }

    /** The id's slot, or {@link #NONE}. */
    int find(String id) {
        int hash = id.hashCode();
        int[] table = byId;
        long[] s = slots;
        IdArena arena = ids;
        int mask = table.length - 1;
        for (int i = home(hash, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            int slot = table[i] - 1;
            if (slot < 0) {
                return NONE;
            }
            long idWord = s[slot * SLOT + ID];
            if ((int) (s[slot * SLOT + HASH_NEXT] >>> 32) == hash && arena.equals(arenaOffset(idWord), idLength(idWord), id)) {
                return slot;
            }
        }
        return NONE;
    }

    /** The entry in {@code slot}, named by {@code id} (the caller's, equal to the stored one). */
    SegmentIndex.Entry entry(int slot, String id) {
        long[] s = slots;
        int at = slot * SLOT;
        long segmentHeader = s[at + SEGMENT_HEADER];
        long lengthCrc = s[at + LENGTH_CRC];
        return new SegmentIndex.Entry(id, (int) (segmentHeader >>> 32), s[at + OFFSET], (int) segmentHeader, (int) (lengthCrc >>> 32),
                (int) lengthCrc, s[at + MODIFIED]);
    }

    SegmentIndex.Entry entry(int slot) {
        long idWord = slots[slot * SLOT + ID];
        return entry(slot, ids.string(arenaOffset(idWord), idLength(idWord)));
    }

    int segment(int slot) {
        return (int) (slots[slot * SLOT + SEGMENT_HEADER] >>> 32);
    }

    long offset(int slot) {
        return slots[slot * SLOT + OFFSET];
    }

    int headerLength(int slot) {
        return (int) slots[slot * SLOT + SEGMENT_HEADER];
    }

    int length(int slot) {
        return (int) (slots[slot * SLOT + LENGTH_CRC] >>> 32);
    }

    /** A new id (not in the table) with its fan-out value; returns its slot. */
    int insert(String id, int fan, int segment, long offset, int headerLength, int length, int crc32c, long modifiedMillis) {
        if (2 * (size + 1) > byId.length) {
            byId = rehash(byId.length * 2);
        }
        int slot = allocate();
        int at = slot * SLOT;
        slots[at + ID] = (long) ids.append(id) << 32 | (long) fan << 16 | id.length();
        slots[at + HASH_NEXT] = (long) id.hashCode() << 32 | (NONE & 0xffffffffL);
        update(slot, segment, offset, headerLength, length, crc32c, modifiedMillis);
        place(byId, slot);
        link(slot, fan);
        size++;
        return slot;
    }

    /** A newer record of the slot's id (a re-put), or the same record moved by compaction. */
    void update(int slot, int segment, long offset, int headerLength, int length, int crc32c, long modifiedMillis) {
        int at = slot * SLOT;
        slots[at + OFFSET] = offset;
        slots[at + SEGMENT_HEADER] = (long) segment << 32 | (headerLength & 0xffffffffL);
        slots[at + LENGTH_CRC] = (long) length << 32 | (crc32c & 0xffffffffL);
        slots[at + MODIFIED] = modifiedMillis;
    }

    void move(int slot, int segment, long offset) {
        int at = slot * SLOT;
        slots[at + OFFSET] = offset;
        slots[at + SEGMENT_HEADER] = (long) segment << 32 | (slots[at + SEGMENT_HEADER] & 0xffffffffL);
    }

    void remove(int slot) {
        int at = slot * SLOT;
        long idWord = slots[at + ID];
        unlink(slot, fan(idWord));
        unplace(slot);
        ids.release(idLength(idWord));
        slots[at + ID] = 0;
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
        long[] s = slots;
        IdArena arena = ids;
        int steps = 0;
        for (int slot = heads[fan]; slot != NONE && page.size() < limit; slot = next(s, slot)) {
            if (++steps > highWater) {
                throw new IllegalStateException("a chain longer than the table: changed while read");
            }
            long idWord = s[slot * SLOT + ID];
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

    /** Bytes of ids written to the arena since its last reclaim, dead ones included (a test watches reclaims). */
    int idBytes() {
        return ids.used();
    }

    int reclaims() {
        return reclaims;
    }

    int slotCapacity() {
        return slots.length / SLOT;
    }

    private int allocate() {
        if (free != NONE) {
            int slot = free;
            free = next(slots, slot);
            return slot;
        }
        if ((highWater + 1) * SLOT > slots.length) {
            if ((long) slots.length * 2 > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("the segment index is full (" + size + " chunks)");
            }
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        return highWater++;
    }

    /** Links the slot into its fan-out chain before the first id greater than its own. */
    private void link(int slot, int fan) {
        long idWord = slots[slot * SLOT + ID];
        int previous = NONE;
        int current = heads[fan];
        while (current != NONE) {
            long other = slots[current * SLOT + ID];
            if (ids.compare(arenaOffset(other), idLength(other), arenaOffset(idWord), idLength(idWord)) > 0) {
                break;
            }
            previous = current;
            current = next(slots, current);
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
            current = next(slots, current);
        }
        if (previous == NONE) {
            heads[fan] = next(slots, slot);
        } else {
            setNext(previous, next(slots, slot));
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
            if (slots[slot * SLOT + ID] != 0) {
                place(table, slot);
            }
        }
        return table;
    }

    /** Copies the live ids into a new arena sized for them and twice as many (under the write lock). */
    private void reclaimIds() {
        IdArena fresh = new IdArena((int) Math.min(Integer.MAX_VALUE - 16, ids.live() * 2));
        for (int slot = 0; slot < highWater; slot++) {
            int at = slot * SLOT + ID;
            long idWord = slots[at];
            if (idWord != 0) {
                long moved = fresh.copy(ids, arenaOffset(idWord), idLength(idWord));
                slots[at] = moved << 32 | (idWord & 0xffffffffL);
            }
        }
        ids = fresh;
        reclaims++;
    }

    private int hash(int slot) {
        return (int) (slots[slot * SLOT + HASH_NEXT] >>> 32);
    }

    private void setNext(int slot, int next) {
        int at = slot * SLOT + HASH_NEXT;
        slots[at] = (slots[at] & 0xffffffff00000000L) | (next & 0xffffffffL);
    }

    private static int next(long[] s, int slot) {
        return (int) s[slot * SLOT + HASH_NEXT];
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
