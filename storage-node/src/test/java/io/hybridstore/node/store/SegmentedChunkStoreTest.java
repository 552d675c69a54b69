package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small chunks in segments behind the same {@link DiskChunkStore} API: routing, recovery, group commit, damage. */
class SegmentedChunkStoreTest {
    static final long SMALL = 128 << 10;

    @TempDir
    Path dataDir;
    final AtomicLong clock = new AtomicLong(1_000);
    final AtomicInteger fsyncs = new AtomicInteger();
    SegmentLog.Fsync fsync = channel -> {
        fsyncs.incrementAndGet();
        channel.force(false);
    };
    final List<DiskChunkStore> opened = new ArrayList<>();

    DiskChunkStore open() {
        return open(1L << 30);
    }

    DiskChunkStore open(long segmentSize) {
        DiskChunkStore store = DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(1 << 20, 0, SMALL, segmentSize),
                new SimpleMeterRegistry(), () -> Long.MAX_VALUE / 4, true, fsync, clock::get);
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(DiskChunkStore::close);
    }

    @Test
    void smallChunksGoToSegmentsAndLargeOnesToFilesAndBothReadBack() throws IOException {
        DiskChunkStore store = open();
        byte[] small = bytes((int) SMALL, 1);
        byte[] large = bytes((int) SMALL + 1, 2);
        store.put("small", new ByteArrayInputStream(small), small.length, null);
        store.put("large", new ByteArrayInputStream(large), large.length, null);
        store.put("chunked-small", new ByteArrayInputStream(small), -1, null);
        store.put("chunked-large", new ByteArrayInputStream(large), -1, null);
        ChunkLayout layout = new ChunkLayout(dataDir);
        assertFalse(Files.exists(layout.fileOf("small")));
        assertFalse(Files.exists(layout.fileOf("chunked-small")));
        assertTrue(Files.exists(layout.fileOf("large")));
        assertTrue(Files.exists(layout.fileOf("chunked-large")));
        assertArrayEquals(small, read(store, "small"));
        assertArrayEquals(small, read(store, "chunked-small"));
        assertArrayEquals(large, read(store, "large"));
        assertArrayEquals(large, read(store, "chunked-large"));
        assertEquals(4, store.chunkCount());
        assertEquals(2L * small.length + 2L * large.length, store.usedBytes());
    }

    @Test
    void aLoneWriterPaysOneFsyncPerChunk() {
        DiskChunkStore store = open();
        int before = fsyncs.get();
        for (int i = 0; i < 5; i++) {
            store.put("one-" + i, new ByteArrayInputStream(new byte[1024]), 1024, null);
        }
        assertEquals(5, fsyncs.get() - before, "no directory fsync, no second fsync: one per acknowledged chunk");
    }

    @Test
    void writersWhoArriveWhileAnFsyncRunsShareTheNextOne() throws Exception {
        CountDownLatch firstSyncStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstSync = new CountDownLatch(1);
        fsync = channel -> {
            if (fsyncs.incrementAndGet() == 1) {
                firstSyncStarted.countDown();
                try {
                    releaseFirstSync.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channel.force(false);
        };
        DiskChunkStore store = open();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> first = pool.submit(() -> store.put("first", new ByteArrayInputStream(new byte[10]), 10, null));
            assertTrue(firstSyncStarted.await(10, TimeUnit.SECONDS));
            // Both append while the first fsync is held: neither is covered by it, one fsync covers both.
            SegmentLog log = store.segments().log();
            Future<?> second = pool.submit(() -> store.put("second", new ByteArrayInputStream(new byte[10]), 10, null));
            Future<?> third = pool.submit(() -> store.put("third", new ByteArrayInputStream(new byte[10]), 10, null));
            awaitAppended(store, "second", "third");
            assertFalse(second.isDone() || third.isDone(), "not acknowledged before an fsync covers them");
            releaseFirstSync.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            third.get(10, TimeUnit.SECONDS);
            assertEquals(2, fsyncs.get(), "three writers, two fsyncs: the second and third shared one");
            assertTrue(log.activeNumber() > 0);
        } finally {
            releaseFirstSync.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void afterAFailedFsyncNothingMoreIsAcknowledgedUntilARestart() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        fsync = channel -> {
            if (calls.incrementAndGet() == 2) {
                throw new IOException("EIO (test)");
            }
            channel.force(false);
        };
        DiskChunkStore store = open();
        byte[] data = bytes(100, 9);
        store.put("before", new ByteArrayInputStream(data), data.length, null);
        assertEquals(ErrorCode.INTERNAL, assertThrows(StoreException.class,
                () -> store.put("during", new ByteArrayInputStream(data), data.length, null)).code());
        assertEquals(ErrorCode.INTERNAL, assertThrows(StoreException.class,
                () -> store.put("after", new ByteArrayInputStream(data), data.length, null)).code(), "fsync works again, the log stays failed");
        assertTrue(store.segmentLogFailure().orElseThrow().contains("EIO"), "liveness reports it");
        store.close();
        DiskChunkStore restarted = open();
        assertTrue(restarted.segmentLogFailure().isEmpty());
        assertArrayEquals(data, read(restarted, "before"));
        restarted.put("after", new ByteArrayInputStream(data), data.length, null);
    }

    @Test
    void theIndexRebuiltAtStartIsWhatWasWritten() throws IOException {
        DiskChunkStore store = open(64 << 10); // small segments: the chunks span many
        Random random = new Random(7);
        Map<String, byte[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            String id = "r" + random.nextInt(120);
            if (random.nextInt(5) == 0) {
                store.delete(id);
                expected.remove(id);
            } else {
                byte[] data = bytes(random.nextInt(3000), i);
                store.put(id, new ByteArrayInputStream(data), data.length, null);
                expected.put(id, data);
            }
        }
        List<ChunkInfo> before = store.list(null, 10_000);
        store.close();

        DiskChunkStore restarted = open(64 << 10);
        assertEquals(before, restarted.list(null, 10_000), "same ids, sizes, checksums and modified times");
        assertEquals(expected.size(), restarted.chunkCount());
        assertEquals(expected.values().stream().mapToLong(b -> b.length).sum(), restarted.usedBytes());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), read(restarted, e.getKey()), e.getKey());
        }
        assertTrue(segmentFiles().size() > 5, "the test spans several segments: " + segmentFiles().size());
    }

    @Test
    void aTornTailIsCutAtStartAndEveryAcknowledgedChunkSurvives() throws IOException {
        DiskChunkStore store = open();
        byte[] data = bytes(5000, 3);
        store.put("acked", new ByteArrayInputStream(data), data.length, null);
        Path active = segmentFiles().get(segmentFiles().size() - 1);
        long acknowledgedEnd = Files.size(active);
        // What a crash mid-append leaves: the start of a record that never completed.
        byte[] torn = SegmentRecord.put("torn", 4000, 0, 1, null).encode(new byte[4000]).array();
        try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(torn, 0, 2500));
        }
        store.close();

        DiskChunkStore restarted = open();
        assertEquals(acknowledgedEnd, Files.size(active), "cut back to the last whole record");
        assertArrayEquals(data, read(restarted, "acked"));
        assertTrue(restarted.head("torn").isEmpty());
        assertEquals(1, restarted.chunkCount());
    }

    @Test
    void aRePutRefreshesTheModifiedTimeAndKeepsOneCopyCounted() throws IOException {
        DiskChunkStore store = open();
        byte[] data = bytes(100, 4);
        store.put("again", new ByteArrayInputStream(data), data.length, null);
        assertEquals(1_000, store.head("again").orElseThrow().modifiedMillis());
        clock.set(5_000);
        store.put("again", new ByteArrayInputStream(data), data.length, null);
        assertEquals(5_000, store.head("again").orElseThrow().modifiedMillis(), "the healer's GC sees the chunk as fresh");
        assertEquals(1, store.chunkCount());
        store.close();
        assertEquals(5_000, open().head("again").orElseThrow().modifiedMillis(), "and so does it after a restart");
    }

    @Test
    void aDamagedRecordIsCorruptQuarantinedAndStaysGoneAfterRestart() throws IOException {
        DiskChunkStore store = open();
        byte[] data = bytes(2000, 5);
        store.put("rot", new ByteArrayInputStream(data), data.length, null);
        store.put("fine", new ByteArrayInputStream(data), data.length, null);
        flipDataByte(store, "rot", 1500);
        assertTrue(store.head("rot").isPresent(), "HEAD reads the header only");
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.read("rot")).code());
        assertEquals(VerifyResult.MISSING, store.verify("rot"));
        try (Stream<Path> quarantined = Files.list(new ChunkLayout(dataDir).quarantineDir())) {
            assertEquals(1, quarantined.count());
        }
        store.close();
        DiskChunkStore restarted = open();
        assertTrue(restarted.head("rot").isEmpty(), "the quarantine tombstone is durable");
        assertArrayEquals(data, read(restarted, "fine"));
    }

    @Test
    void aDamagedHeaderIsCorruptForHead() throws IOException {
        DiskChunkStore store = open();
        store.put("h", new ByteArrayInputStream(new byte[100]), 100, null);
        SegmentIndex.Entry entry = store.segments().index().get("h");
        flipAt(store, entry, 10);
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.head("h")).code());
        assertTrue(store.head("h").isEmpty());
    }

    @Test
    void anOlderChunkFileIsReadAndASmallRePutMovesItIntoASegment() throws IOException {
        byte[] data = bytes(3000, 6);
        DiskChunkStore filesOnly = DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(1 << 20, 0), new SimpleMeterRegistry(), true);
        opened.add(filesOnly);
        filesOnly.put("legacy", new ByteArrayInputStream(data), data.length, null);
        filesOnly.put("kept-file", new ByteArrayInputStream(data), data.length, null);
        filesOnly.close();

        DiskChunkStore store = open();
        assertArrayEquals(data, read(store, "legacy"), "chunk files from before segments stay readable");
        store.put("legacy", new ByteArrayInputStream(data), data.length, null);
        assertFalse(Files.exists(new ChunkLayout(dataDir).fileOf("legacy")), "one copy: the file went when the segment copy was durable");
        assertArrayEquals(data, read(store, "legacy"));
        store.put("seg", new ByteArrayInputStream(data), data.length, null);
        assertEquals(3, store.chunkCount());
        assertTrue(store.delete("kept-file"));
        assertTrue(store.delete("seg"));
        assertEquals(List.of("legacy"), store.list(null, 10).stream().map(ChunkInfo::id).toList());
    }

    @Test
    void listingMergesBothStoresInOneOrderWithOneCursor() throws IOException {
        DiskChunkStore store = open();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int size = i % 3 == 0 ? (int) SMALL + 10 : 10; // every third one in a file
            store.put("m" + i, new ByteArrayInputStream(new byte[size]), size, null);
            all.add("m" + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (List<ChunkInfo> page; !(page = store.list(cursor, 6)).isEmpty(); cursor = page.get(page.size() - 1).id()) {
            page.forEach(c -> seen.add(c.id()));
        }
        assertEquals(store.list(null, 100).stream().map(ChunkInfo::id).toList(), seen, "pages concatenate to the listing");
        assertEquals(all.stream().sorted((a, b) -> SegmentIndex.key(a).compareTo(SegmentIndex.key(b))).toList(), seen,
                "(fan-out, id) order across both stores");
    }

    @Test
    void refusalsStoreNothing() {
        DiskChunkStore store = open();
        byte[] data = bytes(100, 8);
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> store.put("bad-crc", new ByteArrayInputStream(data), data.length, null, "1")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> store.put("bad-sha", new ByteArrayInputStream(data), data.length, "00".repeat(32))).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> store.put("long", new ByteArrayInputStream(data), data.length - 1, null)).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> store.put("short", new ByteArrayInputStream(data), data.length + 1, null)).code());
        assertEquals(0, store.chunkCount());
        assertEquals(List.of(), store.list(null, 10));
    }

    /** Flips a data byte of a small chunk where it lies in its segment. */
    static void flipDataByte(DiskChunkStore store, String id, int dataOffset) throws IOException {
        SegmentIndex.Entry entry = store.segments().index().get(id);
        flipAt(store, entry, entry.headerLength() + dataOffset);
    }

    private static void flipAt(DiskChunkStore store, SegmentIndex.Entry entry, int recordOffset) throws IOException {
        Path file = store.segments().log().segment(entry.segment()).path();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(entry.offset() + recordOffset);
            int b = raf.read();
            raf.seek(entry.offset() + recordOffset);
            raf.write(b ^ 0x01);
        }
    }

    private static void awaitAppended(DiskChunkStore store, String... ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Stream.of(ids).anyMatch(id -> store.segments().index().get(id) == null)) {
            assertTrue(System.nanoTime() < deadline, "appends did not happen");
            Thread.sleep(1);
        }
    }

    List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(new ChunkLayout(dataDir).segmentsDir())) {
            return files.sorted().toList();
        }
    }

    static byte[] read(DiskChunkStore store, String id) throws IOException {
        try (VerifiedChunk chunk = store.read(id)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunk.writeTo(out);
            return out.toByteArray();
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
