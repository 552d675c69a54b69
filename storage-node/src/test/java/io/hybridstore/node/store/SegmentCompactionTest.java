package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction reclaims dead records, keeps what a scan needs, and leaves a readable store whichever step a crash cuts. */
class SegmentCompactionTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dataDir;
    private final List<DiskChunkStore> opened = new ArrayList<>();
    /** What the store must hold: id → bytes. */
    private final Map<String, byte[]> expected = new TreeMap<>();

    private DiskChunkStore open() {
        DiskChunkStore store = DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(1 << 20, 0, 128 << 10, SEGMENT),
                new SimpleMeterRegistry(), () -> Long.MAX_VALUE / 4, true, SegmentLog.Fsync.DATA, System::currentTimeMillis);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(DiskChunkStore::close);
    }

    private SegmentCompactor compactor(DiskChunkStore store, SegmentCompactor.StepHook hook) {
        return store.segments().compactor(0.5, bytes -> { }, hook);
    }

    /** ~40 segments of small chunks; then most are deleted or overwritten, so most segments fall below half live. */
    private void fill(DiskChunkStore store) {
        for (int i = 0; i < 400; i++) {
            put(store, "c" + i, SegmentedChunkStoreTest.bytes(5000, i));
        }
        for (int i = 0; i < 400; i++) {
            if (i % 4 == 0) {
                put(store, "c" + i, SegmentedChunkStoreTest.bytes(3000, 10_000 + i)); // overwritten
            } else if (i % 4 != 1) {
                assertTrue(store.delete("c" + i));
                expected.remove("c" + i);
            }
        }
    }

    private void put(DiskChunkStore store, String id, byte[] data) {
        store.put(id, new ByteArrayInputStream(data), data.length, null);
        expected.put(id, data);
    }

    @Test
    void reclaimsDeadRecordsAndKeepsEveryLiveChunk() throws IOException {
        DiskChunkStore store = open();
        fill(store);
        long before = segmentBytes();
        int compacted = compactor(store, SegmentCompactor.StepHook.NONE).compactEligible();
        long after = segmentBytes();
        assertTrue(compacted > 10, "compacted " + compacted);
        assertTrue(after < before / 2, "segments took " + before + " bytes, now " + after);
        assertHoldsExactly(store);
        assertHoldsExactly(open()); // and so does a restart's scan
    }

    @Test
    void aDeleteStaysDeletedAfterItsPutsSegmentAndItsTombstonesSegmentAreCompacted() throws IOException {
        DiskChunkStore store = open();
        fill(store);
        // Compact the newest sealed segments first (their tombstones must stay: older puts remain), then all.
        List<SegmentLog.Segment> sealed = store.segments().log().sealed();
        SegmentCompactor compactor = compactor(store, SegmentCompactor.StepHook.NONE);
        for (int i = sealed.size() - 1; i > sealed.size() / 2; i--) {
            compactor.compact(sealed.get(i));
        }
        assertHoldsExactly(open());
        DiskChunkStore again = open();
        compactor(again, SegmentCompactor.StepHook.NONE).compactEligible();
        assertHoldsExactly(again);
        assertHoldsExactly(open());
    }

    @Test
    void aCrashAfterEveryStepLeavesEveryLiveChunkAndNoDeletedOne() throws IOException {
        int crashes = 0;
        for (SegmentCompactor.Step crashAt : SegmentCompactor.Step.values()) {
            opened.forEach(DiskChunkStore::close);
            opened.clear();
            expected.clear();
            deleteSegments();
            DiskChunkStore store = open();
            fill(store);
            SegmentCompactor crashing = compactor(store, (step, segment) -> {
                if (step == crashAt) {
                    throw new Crash();
                }
            });
            assertThrows(Crash.class, crashing::compactEligible, crashAt.name());
            crashes++;
            // The crashed process is gone; a new one scans what is on disk.
            DiskChunkStore restarted = open();
            assertHoldsExactly(restarted);
            assertTrue(tempFiles().isEmpty(), "start-up removed the compaction's temp file after " + crashAt);
            compactor(restarted, SegmentCompactor.StepHook.NONE).compactEligible();
            assertHoldsExactly(restarted);
            assertHoldsExactly(open());
        }
        assertEquals(4, crashes, "COPIED, RENAMED, SWITCHED, DELETED");
    }

    @Test
    void writesDuringACompactionWinOverTheCopies() throws IOException {
        DiskChunkStore store = open();
        fill(store);
        SegmentLog.Segment first = store.segments().log().sealed().get(0);
        List<String> inFirst = store.segments().page(null, 10_000).stream().filter(e -> e.segment() == first.number())
                .map(SegmentIndex.Entry::id).toList();
        assertTrue(inFirst.size() >= 2, "live chunks in the first segment: " + inFirst);
        String deleted = inFirst.get(0);
        String overwritten = inFirst.get(1);
        compactor(store, (step, segment) -> {
            if (step == SegmentCompactor.Step.COPIED) { // copied, not yet switched: these writes land meanwhile
                store.delete(deleted);
                expected.remove(deleted);
                put(store, overwritten, SegmentedChunkStoreTest.bytes(77, 77));
            }
        }).compact(first);
        assertHoldsExactly(store);
        assertHoldsExactly(open());
    }

    private void assertHoldsExactly(DiskChunkStore store) throws IOException {
        assertEquals(List.copyOf(expected.keySet()), store.list(null, 10_000).stream().map(ChunkInfo::id).sorted().toList());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), SegmentedChunkStoreTest.read(store, e.getKey()), e.getKey());
        }
        assertEquals(expected.size(), store.chunkCount());
    }

    private long segmentBytes() throws IOException {
        try (Stream<Path> files = Files.list(new ChunkLayout(dataDir).segmentsDir())) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(new ChunkLayout(dataDir).segmentsDir())) {
            return files.filter(p -> ChunkLayout.isTempName(p.getFileName().toString())).toList();
        }
    }

    private void deleteSegments() throws IOException {
        Path dir = new ChunkLayout(dataDir).segmentsDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static final class Crash extends RuntimeException {
    }
}
