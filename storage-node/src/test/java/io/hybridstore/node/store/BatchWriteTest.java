package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch: one fsync for all its small chunks, a refused chunk fails alone, a large one takes its file. */
class BatchWriteTest {
    @TempDir
    Path dataDir;
    final AtomicInteger fsyncs = new AtomicInteger();
    /** statfs calls: every look at the volume's free space. */
    final AtomicInteger statfs = new AtomicInteger();
    /** The fake volume's free bytes. */
    volatile long free = Long.MAX_VALUE / 4;
    DiskChunkStore store;
    /** When set, an fsync waits for it (after counting {@link #holding} down): an fsync held in flight. */
    volatile CountDownLatch hold;
    final CountDownLatch holding = new CountDownLatch(1);
    volatile boolean failing;

    DiskChunkStore open() {
        return open(0);
    }

    DiskChunkStore open(long reserve) {
        return open(reserve, 1L << 30);
    }

    DiskChunkStore open(long reserve, long segmentSize) {
        store = DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(1 << 20, reserve, 128 << 10, segmentSize), new SimpleMeterRegistry(),
                () -> {
                    statfs.incrementAndGet();
                    return free;
                }, true, channel -> {
                    fsyncs.incrementAndGet();
                    CountDownLatch held = hold;
                    if (held != null) {
                        holding.countDown();
                        awaitQuietly(held);
                    }
                    if (failing) {
                        throw new IOException("test: the disk refused the fsync");
                    }
                    channel.force(false);
                }, System::currentTimeMillis);
        return store;
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tenSmallChunksAreCoveredByOneFsync() throws IOException {
        open();
        int before = fsyncs.get();
        BatchWrite batch = store.batch();
        for (int i = 0; i < 10; i++) {
            byte[] data = SegmentedChunkStoreTest.bytes(1024, i);
            batch.add("b" + i, new ByteArrayInputStream(data), data.length, null, null);
        }
        assertEquals(before, fsyncs.get(), "nothing acknowledged, nothing fsynced, before commit");
        List<BatchWrite.Outcome> outcomes = batch.commit();
        assertEquals(1, fsyncs.get() - before, "one fsync for the whole batch");
        assertEquals(10, outcomes.stream().filter(o -> o.failure() == null).count());
        assertArrayEquals(SegmentedChunkStoreTest.bytes(1024, 3), SegmentedChunkStoreTest.read(store, "b3"));
    }

    @Test
    void aRefusedChunkFailsAloneAndALargeOneGoesToItsFile() throws IOException {
        open();
        byte[] small = SegmentedChunkStoreTest.bytes(100, 1);
        byte[] large = SegmentedChunkStoreTest.bytes(200_000, 2);
        BatchWrite batch = store.batch();
        batch.add("ok", new ByteArrayInputStream(small), small.length, null, null);
        batch.add("bad-crc", new ByteArrayInputStream(small), small.length, null, "1");
        batch.add("../bad-id", new ByteArrayInputStream(small), small.length, null, null);
        batch.add("too-big", new ByteArrayInputStream(new byte[2 << 20]), 2 << 20, null, null);
        batch.add("large", new ByteArrayInputStream(large), large.length, null, null);
        List<BatchWrite.Outcome> outcomes = batch.commit();
        assertEquals(List.of("ok", "bad-crc", "../bad-id", "too-big", "large"), outcomes.stream().map(BatchWrite.Outcome::chunkId).toList());
        assertNull(outcomes.get(0).failure());
        assertEquals(ErrorCode.BAD_REQUEST, outcomes.get(1).failure().code());
        assertEquals(ErrorCode.BAD_REQUEST, outcomes.get(2).failure().code());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, outcomes.get(3).failure().code());
        assertNull(outcomes.get(4).failure());
        assertTrue(Files.exists(new ChunkLayout(dataDir).fileOf("large")));
        assertFalse(Files.exists(new ChunkLayout(dataDir).fileOf("ok")));
        assertEquals(2, store.chunkCount());
        assertTrue(store.head("bad-crc").isEmpty());
    }

    /**
     * The event loop's commit: with no fsync in flight it runs the one that covers its batch and the
     * outcomes are final; with one in flight it returns at once, having fsynced nothing, and the
     * ordinary commit (on a thread that may wait) finishes the batch with the next fsync.
     */
    @Test
    void aCommitThatMustNotWaitSyncsItselfOrReturnsAtOnce() throws Exception {
        open();
        int before = fsyncs.get();
        BatchWrite alone = store.batch();
        byte[] a = SegmentedChunkStoreTest.bytes(700, 1);
        alone.add("alone", new ByteArrayInputStream(a), a.length, null, null);
        List<BatchWrite.Outcome> done = alone.commitUnlessSyncing().orElseThrow();
        assertNull(done.get(0).failure());
        assertEquals(1, fsyncs.get() - before, "its own fsync, run by the caller");

        hold = new CountDownLatch(1);
        byte[] h = SegmentedChunkStoreTest.bytes(300, 2);
        var held = java.util.concurrent.CompletableFuture.runAsync(() -> store.put("held", new ByteArrayInputStream(h), h.length, null));
        assertTrue(holding.await(10, TimeUnit.SECONDS), "the other writer's fsync started");
        BatchWrite behind = store.batch();
        byte[] b = SegmentedChunkStoreTest.bytes(900, 3);
        behind.add("behind", new ByteArrayInputStream(b), b.length, null, null);
        assertTrue(behind.commitUnlessSyncing().isEmpty(), "an fsync is in flight: not waited for");
        assertEquals(2, fsyncs.get() - before, "and none started for it");
        CountDownLatch release = hold;
        hold = null;
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        List<BatchWrite.Outcome> later = behind.commit();
        assertNull(later.get(0).failure());
        assertEquals(3, fsyncs.get() - before, "the held fsync did not cover it (it was appended after); the next one did");
        assertArrayEquals(b, SegmentedChunkStoreTest.read(store, "behind"));

        failing = true;
        BatchWrite refused = store.batch();
        refused.add("refused", new ByteArrayInputStream(a), a.length, null, null);
        assertEquals(ErrorCode.INTERNAL, refused.commitUnlessSyncing().orElseThrow().get(0).failure().code(), "a failed fsync is the chunk's outcome");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The SHA-256 check reuses one digest per thread: a chunk refused for its digest leaves nothing behind for the next. */
    @Test
    void eachChunkIsCheckedAgainstItsOwnSha256() throws NoSuchAlgorithmException {
        open();
        BatchWrite batch = store.batch();
        int chunks = 40;
        for (int i = 0; i < chunks; i++) {
            byte[] data = SegmentedChunkStoreTest.bytes(100 + 37 * i, i);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(i % 4 == 3 ? SegmentedChunkStoreTest.bytes(10, i) : data);
            batch.add("s" + i, new ByteArrayInputStream(data), data.length, HexFormat.of().formatHex(sha), null);
        }
        List<BatchWrite.Outcome> outcomes = batch.commit();
        int refused = 0;
        for (int i = 0; i < chunks; i++) {
            BatchWrite.Outcome outcome = outcomes.get(i);
            if (i % 4 == 3) {
                assertEquals(ErrorCode.BAD_REQUEST, outcome.failure().code(), "s" + i + " was sent with another body's SHA-256");
                refused++;
            } else {
                assertNull(outcome.failure(), "s" + i);
            }
        }
        assertEquals(chunks / 4, refused);
        assertEquals(chunks - refused, store.chunkCount());
    }

    /** A body the volume holds whole above its reserve: one look at the free space for the batch, none per chunk. */
    @Test
    void aBatchThatFitsLooksAtTheFreeSpaceOnce() {
        open(1 << 20);
        int chunks = 20;
        int before = statfs.get();
        BatchWrite batch = store.batch(chunks * 1100L);
        for (int i = 0; i < chunks; i++) {
            byte[] data = SegmentedChunkStoreTest.bytes(1024, i);
            batch.add("f" + i, new ByteArrayInputStream(data), data.length, null, null);
        }
        List<BatchWrite.Outcome> outcomes = batch.commit();
        assertEquals(chunks, outcomes.stream().filter(o -> o.failure() == null).count());
        assertEquals(1, statfs.get() - before, "one statfs for " + chunks + " small chunks");
    }

    /**
     * A body the volume does not hold whole: each small chunk checks the free space itself, as without
     * the batch's check, so those that still fit are stored and the rest refused alone (507).
     */
    @Test
    void aBatchThatDoesNotFitChecksEachChunkAndRefusesOnlyThoseBeyondTheReserve() {
        open(1 << 20);
        int before = statfs.get();
        free = (1 << 20) + 2_500; // the reserve and room for two chunks of 1 KiB, not for five
        BatchWrite batch = store.batch(5 * 1100L);
        for (int i = 0; i < 5; i++) {
            byte[] data = SegmentedChunkStoreTest.bytes(1024, i);
            batch.add("n" + i, new ByteArrayInputStream(data), data.length, null, null);
            free -= i < 2 ? data.length : 0; // what the volume lost to the stored ones
        }
        List<BatchWrite.Outcome> outcomes = batch.commit();
        assertEquals(1 + 5, statfs.get() - before, "the batch's look, then one per chunk");
        assertNull(outcomes.get(0).failure());
        assertNull(outcomes.get(1).failure());
        for (int i = 2; i < 5; i++) {
            assertEquals(ErrorCode.INSUFFICIENT_STORAGE, outcomes.get(i).failure().code(), "n" + i);
        }
        assertEquals(2, store.chunkCount());
    }

    /** A batch's small chunks go to their segment in one write; a batch larger than {@link BatchWrite#GATHER_MAX} in one per gathering. */
    @Test
    void aBatchsSmallChunksAreOneWrite() throws IOException {
        open(0, 1L << 30);
        long before = store.segmentWrites();
        byte[][] sent = batch("w", 9, 1024, 9 * 1100L);
        assertEquals(1, store.segmentWrites() - before, "one write for 9 chunks");
        for (int i = 0; i < sent.length; i++) {
            assertArrayEquals(sent[i], SegmentedChunkStoreTest.read(store, "w" + i));
        }
        before = store.segmentWrites();
        int chunks = 3 * BatchWrite.GATHER_MAX / (32 << 10);
        batch("x", chunks, 32 << 10, chunks * (33L << 10));
        assertEquals(3, store.segmentWrites() - before, chunks + " chunks of 32 KiB: one write per " + BatchWrite.GATHER_MAX + " bytes");
    }

    /**
     * Batches whose gathered chunks cross segment rolls (segments of 64 KiB, batches of 40 chunks of up
     * to 3,000 bytes): every chunk reads back, a segment rolls between records, never inside one, and
     * the index a restart rebuilds from the segments is the one the writes made.
     */
    @Test
    void gatheredChunksSpanningSegmentRollsAreRebuiltAtStart() throws IOException {
        long segmentSize = 64 << 10;
        open(0, segmentSize);
        java.util.Random random = new java.util.Random(11);
        java.util.Map<String, byte[]> written = new java.util.LinkedHashMap<>();
        for (int b = 0; b < 12; b++) {
            BatchWrite batch = store.batch(40 * 3100L);
            for (int i = 0; i < 40; i++) {
                byte[] data = SegmentedChunkStoreTest.bytes(random.nextInt(3000), b * 100 + i);
                String id = "g" + b + "-" + i;
                batch.add(id, new ByteArrayInputStream(data), data.length, null, null);
                written.put(id, data);
            }
            assertTrue(batch.commit().stream().allMatch(o -> o.failure() == null), "batch " + b);
        }
        List<ChunkInfo> before = store.list(null, 10_000);
        store.close();

        open(0, segmentSize);
        assertEquals(before, store.list(null, 10_000), "same ids, sizes, checksums and modified times after the scan");
        assertEquals(written.size(), store.chunkCount());
        for (java.util.Map.Entry<String, byte[]> e : written.entrySet()) {
            assertArrayEquals(e.getValue(), SegmentedChunkStoreTest.read(store, e.getKey()), e.getKey());
        }
        List<Path> segments;
        try (java.util.stream.Stream<Path> files = Files.list(new ChunkLayout(dataDir).segmentsDir())) {
            segments = files.filter(f -> f.toString().endsWith(SegmentLog.SUFFIX)).sorted().toList();
        }
        assertTrue(segments.size() > 10, "the batches span many segments: " + segments.size());
        for (Path segment : segments) {
            assertTrue(Files.size(segment) <= segmentSize, segment + " has " + Files.size(segment) + " bytes");
        }
    }

    /**
     * A crash in the middle of a batch's one write leaves whole records and the start of one: the scan
     * at start keeps the whole ones (never acknowledged, harmless) and cuts the torn one by its CRC;
     * every chunk of the batch committed before is there.
     */
    @Test
    void aGatheredWriteTornByACrashIsCutAtItsLastWholeRecord() throws IOException {
        open(0, 1L << 30);
        byte[][] acked = batch("a", 9, 1000, 9 * 1100L);
        List<Path> segments;
        try (java.util.stream.Stream<Path> files = Files.list(new ChunkLayout(dataDir).segmentsDir())) {
            segments = files.filter(f -> f.toString().endsWith(SegmentLog.SUFFIX)).sorted().toList();
        }
        Path active = segments.get(segments.size() - 1);
        long ackedEnd = Files.size(active);
        // What the crash leaves of a gathered write of three records: two whole, the third cut halfway.
        java.nio.ByteBuffer torn = java.nio.ByteBuffer.allocate(3 * (SegmentRecord.FIXED + 2 + 1000));
        for (int i = 0; i < 3; i++) {
            byte[] data = SegmentedChunkStoreTest.bytes(1000, 50 + i);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(data);
            SegmentRecord.put("t" + i, data.length, (int) crc.getValue(), 5, null).encodeInto(torn, data);
        }
        int recordLength = SegmentRecord.FIXED + 2 + 1000;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(active, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(torn.array(), 0, 2 * recordLength + recordLength / 2));
        }
        store.close();

        open(0, 1L << 30);
        assertEquals(ackedEnd + 2 * recordLength, Files.size(active), "cut at the end of the last whole record");
        for (int i = 0; i < acked.length; i++) {
            assertArrayEquals(acked[i], SegmentedChunkStoreTest.read(store, "a" + i), "a" + i);
        }
        assertTrue(store.head("t0").isPresent());
        assertTrue(store.head("t1").isPresent());
        assertTrue(store.head("t2").isEmpty(), "the torn record is gone");
        assertEquals(acked.length + 2, store.chunkCount());
    }

    /** Writes and commits a batch of {@code count} chunks of {@code size} bytes, ids {@code prefix}0..; returns their data. */
    private byte[][] batch(String prefix, int count, int size, long bodyBytes) {
        byte[][] sent = new byte[count][];
        BatchWrite batch = store.batch(bodyBytes);
        for (int i = 0; i < count; i++) {
            sent[i] = SegmentedChunkStoreTest.bytes(size, prefix.hashCode() + i);
            batch.add(prefix + i, new ByteArrayInputStream(sent[i]), size, null, null);
        }
        List<BatchWrite.Outcome> outcomes = batch.commit();
        assertEquals(count, outcomes.stream().filter(o -> o.failure() == null).count());
        return sent;
    }
}
