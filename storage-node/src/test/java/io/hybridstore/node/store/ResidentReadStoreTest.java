package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DiskChunkStore#readResident} on a real log: the tail's byte count, and what it leaves to the worker's read. */
class ResidentReadStoreTest {
    private static final long SEGMENT = 8 << 10;
    private static final ResidentReads WIDE = new ResidentReads(1 << 30, 64 << 10);

    @TempDir
    Path dataDir;
    private final List<DiskChunkStore> opened = new ArrayList<>();

    private DiskChunkStore open() {
        DiskChunkStore store = DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(1 << 20, 0, 16 << 10, SEGMENT),
                new SimpleMeterRegistry(), () -> Long.MAX_VALUE / 4, true, SegmentLog.Fsync.DATA, System::currentTimeMillis);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(DiskChunkStore::close);
    }

    private static void put(DiskChunkStore store, String id, byte[] data) {
        store.put(id, new ByteArrayInputStream(data), data.length, null);
    }

    private static byte[] bytesOf(VerifiedChunk chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (chunk) {
            chunk.writeTo(out);
        }
        return out.toByteArray();
    }

    @Test
    void readsRecentChunksWithTheBytesAndFactsOfTheWorkersRead() throws IOException {
        DiskChunkStore store = open();
        byte[] a = SegmentedChunkStoreTest.bytes(1500, 1);
        byte[] b = SegmentedChunkStoreTest.bytes(700, 2);
        put(store, "a", a);
        put(store, "b", b);
        List<VerifiedChunk> chunks = store.readResident(List.of("b", "a"), WIDE).orElseThrow();
        assertEquals(2, chunks.size());
        assertEquals(store.read("b").info(), chunks.get(0).info());
        assertEquals(store.read("a").info(), chunks.get(1).info());
        assertArrayEquals(b, bytesOf(chunks.get(0)));
        assertArrayEquals(a, bytesOf(chunks.get(1)));
    }

    /** The log counts the bytes appended after a record across segment rolls: the window is exact in bytes. */
    @Test
    void theWindowIsTheBytesAppendedAfterTheRecordAcrossSegments() {
        DiskChunkStore store = open();
        put(store, "old", SegmentedChunkStoreTest.bytes(1000, 3));
        for (int i = 0; i < 20; i++) { // 20 KB through 8-KB segments: several rolls
            put(store, "later" + i, SegmentedChunkStoreTest.bytes(1000, 10 + i));
        }
        SegmentIndex index = store.segments().index();
        SegmentIndex.Entry old = index.get("old");
        long after = 0;
        for (int i = 0; i < 20; i++) {
            after += index.get("later" + i).totalLength();
        }
        assertTrue(index.get("later19").segment() > old.segment() + 1, "the records span more than two segments");
        assertEquals(after, store.segments().log().bytesSince(old.segment(), old.offset() + old.totalLength()));
        assertTrue(store.readResident(List.of("old"), new ResidentReads(after, 64 << 10)).isPresent(), "exactly the window");
        assertTrue(store.readResident(List.of("old"), new ResidentReads(after - 1, 64 << 10)).isEmpty(), "one byte short of it");
        assertTrue(store.readResident(List.of("later19"), new ResidentReads(1, 64 << 10)).isPresent(), "the newest record");
    }

    @Test
    void leavesFilesMissingChunksAndSegmentsFoundAtStartToTheWorker() {
        DiskChunkStore store = open();
        put(store, "small", SegmentedChunkStoreTest.bytes(1000, 4));
        put(store, "large", SegmentedChunkStoreTest.bytes(20 << 10, 5)); // above the small-chunk limit: a file
        assertTrue(store.readResident(List.of("small"), WIDE).isPresent());
        assertTrue(store.readResident(List.of("small", "large"), WIDE).isEmpty());
        assertTrue(store.readResident(List.of("small", "nowhere"), WIDE).isEmpty());
        assertTrue(store.readResident(List.of("small"), ResidentReads.NEVER).isEmpty());
        store.close();
        opened.remove(store);

        DiskChunkStore restarted = open();
        assertTrue(restarted.readResident(List.of("small"), WIDE).isEmpty(), "a segment found at start-up");
        put(restarted, "new", SegmentedChunkStoreTest.bytes(1000, 6));
        assertTrue(restarted.readResident(List.of("new"), WIDE).isPresent(), "the segment this process started");
    }

    /** A damaged record is not answered, and not quarantined, on the caller's thread: the worker's read does both. */
    @Test
    void aDamagedChunkIsLeftForTheWorkersReadToQuarantine() throws IOException {
        DiskChunkStore store = open();
        put(store, "ok", SegmentedChunkStoreTest.bytes(1000, 7));
        put(store, "rot", SegmentedChunkStoreTest.bytes(1000, 8));
        put(store, "rot-head", SegmentedChunkStoreTest.bytes(1000, 9));
        assertTrue(SegmentDamage.flipDataByte(dataDir, "rot", 500, 0x10));
        assertTrue(SegmentDamage.flipHeaderByte(dataDir, "rot-head", 3, 0x10));
        double corruptBefore = store.metrics().corruptCount();

        assertTrue(store.readResident(List.of("ok", "rot"), WIDE).isEmpty());
        assertTrue(store.readResident(List.of("rot-head"), WIDE).isEmpty());
        assertTrue(store.segments().contains("rot") && store.segments().contains("rot-head"), "nothing quarantined here");
        assertEquals(corruptBefore, store.metrics().corruptCount());

        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.read("rot")).code());
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.read("rot-head")).code());
        assertEquals(corruptBefore + 2, store.metrics().corruptCount());
        assertTrue(store.readResident(List.of("ok"), WIDE).isPresent());
    }

    /** A plan made before a compaction moved its record is not read from the old place: null, and the worker reads it where it is. */
    @Test
    void aRecordMovedByCompactionAfterThePlanIsNotReadFromItsOldPlace() throws IOException {
        DiskChunkStore store = open();
        byte[] keep = SegmentedChunkStoreTest.bytes(1000, 11);
        put(store, "gone-first", SegmentedChunkStoreTest.bytes(1000, 12)); // so the compacted copy of "keep" starts lower
        assertTrue(store.delete("gone-first"));
        put(store, "keep", keep);
        for (int i = 0; i < 5; i++) {
            put(store, "gone" + i, SegmentedChunkStoreTest.bytes(1000, 20 + i));
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(store.delete("gone" + i));
        }
        for (int i = 0; i < 10; i++) { // on into later segments: the first one sealed, one record of seven live
            put(store, "fill" + i, SegmentedChunkStoreTest.bytes(1000, 30 + i));
        }
        SegmentStore segments = store.segments();
        List<SegmentIndex.Entry> plan = WIDE.plan(List.of("keep"), segments.tail());
        assertNotNull(plan);
        int compacted = segments.compactor(0.5, bytes -> { }, SegmentCompactor.StepHook.NONE).compactEligible();
        assertTrue(compacted >= 1, "compacted " + compacted);
        assertTrue(!plan.get(0).equals(segments.index().get("keep")), "the record moved");
        assertEquals(plan.get(0).segment(), segments.index().get("keep").segment(), "within its segment's new generation");

        assertNull(segments.readPlanned(plan));
        assertArrayEquals(keep, bytesOf(store.read("keep")));
        // At its new, lower offset the record counts as older than it is (never newer): still inside a wide window.
        Optional<List<VerifiedChunk>> again = store.readResident(List.of("keep"), WIDE);
        assertArrayEquals(keep, bytesOf(again.orElseThrow().get(0)));
    }
}
