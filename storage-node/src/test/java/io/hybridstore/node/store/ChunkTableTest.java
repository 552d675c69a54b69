package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The index without an object per chunk against models: a TreeMap in listing order, a HashMap by id. */
class ChunkTableTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    @Test
    void pagesAndLookUpsFollowATreeMapOfListingKeysThroughPutsDeletesAndMoves() {
        Random random = new Random(29);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            pool.add(i % 3 == 0 ? "h-" + hex(random, 64) : randomId(random, pool));
        }
        SegmentIndex index = new SegmentIndex(4); // its id table grows from 16 entries
        TreeMap<String, SegmentIndex.Entry> model = new TreeMap<>(); // SegmentIndex.key(id) -> the newest put
        int puts = 0;
        int rePuts = 0;
        int deletes = 0;
        int moves = 0;
        int staleMoves = 0;
        int pagesCompared = 0;
        int lookUps = 0;
        int maxSlots = index.table().slotCapacity();
        int maxIdPages = 0;
        for (int op = 1; op <= 60_000; op++) {
            String id = pool.get(random.nextInt(pool.size()));
            String key = SegmentIndex.key(id);
            SegmentIndex.Entry before = model.get(key);
            int kind = random.nextInt(10);
            int segment = 1 + op / 5_000;
            long offset = op * 300L;
            if (kind < 5 || before == null && kind < 8) {
                SegmentRecord put = SegmentRecord.put(id, random.nextInt(4096), random.nextInt(), 1_000L + op, null);
                index.apply(put, segment, offset);
                model.put(key, new SegmentIndex.Entry(id, segment, offset, put.headerLength(), put.length(), put.crc32c(), put.modifiedMillis()));
                if (before == null) {
                    puts++;
                } else {
                    rePuts++;
                }
            } else if (kind < 8) {
                index.apply(SegmentRecord.tombstone(SegmentRecord.Kind.DELETE, id, op), segment, offset);
                model.remove(key);
                deletes++;
            } else if (before != null) {
                long to = before.offset() + 7;
                assertFalse(index.move(id, before.position() + 1, before.segment(), to), "a stale position moves nothing");
                staleMoves++;
                assertTrue(index.move(id, before.position(), before.segment(), to));
                model.put(key, new SegmentIndex.Entry(id, before.segment(), to, before.headerLength(), before.length(), before.crc32c(),
                        before.modifiedMillis()));
                moves++;
            }
            maxSlots = Math.max(maxSlots, index.table().slotCapacity());
            maxIdPages = Math.max(maxIdPages, index.table().idPages());
            if (op % 3_000 == 0) {
                assertListing(index, model, random);
                pagesCompared++;
                String cursor = pool.get(random.nextInt(pool.size())); // live or not: the page starts after its key
                assertEquals(new ArrayList<>(model.tailMap(SegmentIndex.key(cursor), false).values()).subList(0,
                        Math.min(50, model.tailMap(SegmentIndex.key(cursor), false).size())), index.page(cursor, 50), cursor);
                for (String probe : pool.subList(0, 500)) {
                    assertEquals(model.get(SegmentIndex.key(probe)), index.get(probe), probe);
                    lookUps++;
                }
            }
        }
        assertEquals(model.size(), index.count());
        assertEquals(model.size(), index.table().size());
        assertTrue(puts > 10_000 && rePuts > 5_000 && deletes > 8_000 && moves > 2_000, puts + " " + rePuts + " " + deletes + " " + moves);
        assertEquals(moves, staleMoves);
        assertEquals(20, pagesCompared);
        assertEquals(10_000, lookUps);
        assertTrue(maxSlots >= 2 * ChunkTable.PAGE_SLOTS, "the slots took a second page: " + maxSlots);
        assertTrue(maxIdPages >= 2, "the ids took a second page: " + maxIdPages);
        assertTrue(index.table().reclaims() >= 1, "the arena reclaimed dead ids: " + index.table().reclaims());
        assertNull(index.get("never-put"));
    }

    @Test
    void idsOfOneHashAreFoundThroughGrowthAndBackwardShiftDeletes() {
        // "Aa" and "BB" have the same String hash, so every string of 10 such blocks has one hash: 1,024
        // ids on one probe run, each deletion shifting the run back
        List<String> ids = new ArrayList<>();
        for (int bits = 0; bits < 1_024; bits++) {
            StringBuilder id = new StringBuilder();
            for (int b = 0; b < 10; b++) {
                id.append((bits >> b & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(id.toString());
        }
        assertEquals(1, ids.stream().map(String::hashCode).distinct().count());
        ChunkTable table = new ChunkTable(4);
        Map<String, Integer> slots = new HashMap<>();
        for (String id : ids) {
            slots.put(id, table.insert(id, id.charAt(0), 1, id.length(), 30, 10, id.hashCode(), 5));
            table.insert("other-" + id, 7, 1, 0, 30, 10, 0, 5); // other hashes interleaved in the same runs
        }
        Random random = new Random(7);
        List<String> removed = new ArrayList<>();
        for (String id : ids) {
            if (random.nextBoolean()) {
                table.remove(table.find(id));
                removed.add(id);
            }
        }
        assertTrue(removed.size() > 400 && removed.size() < 624, "removed " + removed.size());
        for (String id : ids) {
            int found = table.find(id);
            if (removed.contains(id)) {
                assertEquals(ChunkTable.NONE, found, id);
            } else {
                assertEquals(slots.get(id), found, id);
                assertEquals(id, table.entry(found).id());
            }
            assertTrue(table.find("other-" + id) >= 0, "other-" + id);
        }
        assertEquals(2 * ids.size() - removed.size(), table.size());
    }

    @Test
    void chainsStaySortedByIdWhereverAnIdIsLinkedOrUnlinked() {
        ChunkTable table = new ChunkTable(4);
        Random random = new Random(11);
        Map<Integer, TreeMap<String, Integer>> model = new HashMap<>(); // fan -> ids in order
        List<String> live = new ArrayList<>();
        int removes = 0;
        for (int op = 0; op < 6_000; op++) {
            if (live.isEmpty() || random.nextInt(3) > 0) {
                String id = randomId(random, live);
                if (table.find(id) != ChunkTable.NONE) {
                    continue;
                }
                int fan = id.length() % 3; // three long chains: heads, middles and tails all change
                table.insert(id, fan, 1, op, 20, 1, 0, 0);
                model.computeIfAbsent(fan, f -> new TreeMap<>()).put(id, op);
                live.add(id);
            } else {
                String id = live.remove(random.nextInt(live.size()));
                table.remove(table.find(id));
                model.get(id.length() % 3).remove(id);
                removes++;
            }
        }
        assertTrue(removes > 1_500, "removes " + removes);
        int listed = 0;
        for (int fan = 0; fan < 3; fan++) {
            List<SegmentIndex.Entry> chain = new ArrayList<>();
            table.chain(fan, null, Integer.MAX_VALUE, chain);
            assertEquals(new ArrayList<>(model.get(fan).keySet()), chain.stream().map(SegmentIndex.Entry::id).toList());
            listed += chain.size();
        }
        assertEquals(live.size(), listed);
        assertTrue(listed > 1_500, "listed " + listed);
    }

    private static void assertListing(SegmentIndex index, TreeMap<String, SegmentIndex.Entry> model, Random random) {
        List<SegmentIndex.Entry> listed = new ArrayList<>();
        String cursor = null;
        while (true) {
            List<SegmentIndex.Entry> page = index.page(cursor, 1 + random.nextInt(400));
            if (page.isEmpty()) {
                break;
            }
            listed.addAll(page);
            cursor = page.get(page.size() - 1).id();
        }
        assertEquals(new ArrayList<>(model.values()), listed);
    }

    /** 1-200 characters of the id alphabet; every fifth one extends an id already made (a shared prefix). */
    static String randomId(Random random, List<String> made) {
        StringBuilder id = new StringBuilder();
        if (!made.isEmpty() && random.nextInt(5) == 0) {
            String base = made.get(random.nextInt(made.size()));
            id.append(base, 0, Math.min(base.length(), 190));
        }
        int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 120);
        for (int i = 0; i < length && id.length() < 200; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String made1 = id.toString();
        return made1.equals(".") || made1.equals("..") ? made1 + "a" : made1;
    }

    private static String hex(Random random, int digits) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
