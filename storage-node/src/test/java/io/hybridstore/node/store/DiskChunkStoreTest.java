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
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs with O_DIRECT where the temp dir's file system allows it; {@link BufferedDiskChunkStoreTest} runs it all buffered. */
class DiskChunkStoreTest {
    private static final long MAX = 1 << 20;

    /** Whether the store is asked for O_DIRECT. */
    boolean directIo() {
        return true;
    }

    @TempDir
    Path dataDir;
    private SimpleMeterRegistry registry;
    private DiskChunkStore store;

    @BeforeEach
    void open() {
        store = reopen(0);
    }

    private DiskChunkStore reopen(long reserve) {
        registry = new SimpleMeterRegistry();
        return DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(MAX, reserve), registry, directIo());
    }

    @Test
    void everySizeAroundTheBlockAndBufferBoundariesRoundTripsAndTheFileHasItsExactLength() throws IOException {
        assertEquals(directIo() && DirectIo.supported(dataDir.resolve("probe")), store.directIo(), "O_DIRECT exactly when asked and possible");
        Path bigDir = Files.createDirectories(dataDir.resolve("big"));
        DiskChunkStore store = DiskChunkStore.open(bigDir, new DiskChunkStore.Limits(4L << 20, 0), registry, directIo());
        int header = ChunkHeader.SIZE;
        int block = DirectIo.ALIGN;
        int buffer = DiskIo.BUFFER;
        int[] sizes = {0, 1, block - header - 1, block - header, block - header + 1, block, buffer - header - 1, buffer - header,
                buffer - header + 1, buffer, (int) MAX, 3 * buffer + 17};
        for (int size : sizes) {
            byte[] data = bytes(size, size);
            String id = "size-" + size;
            // Pieces of 1000 bytes, so the writer's buffer fills across many reads of the body.
            InputStream body = new ByteArrayInputStream(data) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1000));
                }
            };
            ChunkInfo put = store.put(id, body, size, null);
            assertEquals(crcHex(data), put.crc32cHex(), id);
            assertEquals(header + size, Files.size(new ChunkLayout(bigDir).fileOf(id)), id + ": no padding left");
            assertArrayEquals(data, read(store, id), id);
            assertEquals(VerifyResult.OK, store.verify(id), id);
            assertEquals(size, store.head(id).orElseThrow().size(), id);
        }
        assertEquals(12, sizes.length);
    }

    @Test
    void storesReadsAndDescribesAChunk() throws IOException {
        byte[] data = bytes(300_000, 1);
        ChunkInfo put = store.put("c1", new ByteArrayInputStream(data), data.length, null);
        assertEquals(300_000, put.size());
        assertEquals(crcHex(data), put.crc32cHex());
        assertArrayEquals(data, read("c1"));
        ChunkInfo head = store.head("c1").orElseThrow();
        assertEquals(put.crc32cHex(), head.crc32cHex());
        assertTrue(head.sha256Hex().isEmpty(), "no SHA-256 kept unless the client sent one");
        assertEquals(1, store.chunkCount());
        assertEquals(300_000, store.usedBytes());
        assertEquals(ChunkHeader.SIZE + 300_000, Files.size(new ChunkLayout(dataDir).fileOf("c1")));
        assertEquals(300_000.0, registry.get("hybridstore.node.bytes.in").counter().count());
        assertTrue(registry.get("hybridstore.node.fsync").timer().count() >= 2, "file and directory fsync timed");
    }

    @Test
    void anEmptyChunkIsAChunk() throws IOException {
        store.put("empty", new ByteArrayInputStream(new byte[0]), 0, null);
        assertArrayEquals(new byte[0], read("empty"));
        assertEquals(VerifyResult.OK, store.verify("empty"));
    }

    @Test
    void putIsIdempotentAndAReplacementKeepsCountsExact() throws IOException {
        byte[] data = bytes(1000, 2);
        store.put("same", new ByteArrayInputStream(data), -1, null);
        store.put("same", new ByteArrayInputStream(data), -1, null);
        assertArrayEquals(data, read("same"));
        assertEquals(1, store.chunkCount());
        store.put("same", new ByteArrayInputStream(bytes(10, 3)), 10, null);
        assertEquals(1, store.chunkCount());
        assertEquals(10, store.usedBytes());
    }

    @Test
    void checksTheClientSha256AndKeepsIt() throws Exception {
        byte[] data = bytes(5000, 4);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(sha, store.put("s", new ByteArrayInputStream(data), data.length, sha.toUpperCase()).sha256Hex().orElseThrow());
        assertEquals(sha, store.head("s").orElseThrow().sha256Hex().orElseThrow());

        String wrong = sha.substring(0, 63) + (sha.charAt(63) == '0' ? '1' : '0');
        StoreException e = assertThrows(StoreException.class, () -> store.put("t", new ByteArrayInputStream(data), data.length, wrong));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(store.head("t").isEmpty(), "nothing stored on a SHA-256 mismatch");
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> store.put("t", new ByteArrayInputStream(data), data.length, "xyz")).code());
        assertNoTempFiles();
    }

    @Test
    void checksTheSendersCrc32cAndStoresNothingOnAMismatch() throws Exception {
        byte[] data = bytes(300_000, 5); // across buffers in both modes
        String crc = crcHex(data);
        assertEquals(crc, store.put("c", new ByteArrayInputStream(data), data.length, null, crc).crc32cHex());
        String wrong = Long.toHexString(Long.parseLong(crc, 16) ^ 1);
        StoreException e = assertThrows(StoreException.class, () -> store.put("d", new ByteArrayInputStream(data), data.length, null, wrong));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("nothing stored"), e.getMessage());
        assertTrue(store.head("d").isEmpty(), "nothing stored on a CRC32C mismatch");
        for (String malformed : List.of("xyz", "123456789", "-1")) {
            assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                    () -> store.put("d", new ByteArrayInputStream(data), data.length, null, malformed)).code(), malformed);
        }
        assertNoTempFiles();
        assertEquals(1, store.chunkCount());
    }

    @Test
    void refusesChunksAboveTheMaximumUpFrontAndWhileStreaming() throws IOException {
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(StoreException.class,
                () -> store.put("big", InputStream.nullInputStream(), MAX + 1, null)).code());
        // No Content-Length (chunked): the count while streaming catches it.
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(StoreException.class,
                () -> store.put("big", new ByteArrayInputStream(new byte[(int) MAX + 1]), -1, null)).code());
        store.put("max", new ByteArrayInputStream(new byte[(int) MAX]), -1, null);
        assertTrue(store.head("big").isEmpty());
        assertNoTempFiles();
    }

    @Test
    void aBodyShorterThanItsContentLengthStoresNothing() throws IOException {
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> store.put("short", new ByteArrayInputStream(new byte[10]), 11, null)).code());
        assertTrue(store.head("short").isEmpty());
        assertNoTempFiles();
    }

    @Test
    void refusesWritesBelowTheReserveWith507() {
        DiskChunkStore full = reopen(Long.MAX_VALUE / 2);
        StoreException e = assertThrows(StoreException.class, () -> full.put("x", new ByteArrayInputStream(new byte[1]), 1, null));
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, e.code());
        assertFalse(full.aboveReserve());
        assertTrue(store.aboveReserve());
    }

    @Test
    void aClientThatDiesMidBodyLeavesTheOldChunkIntactAndNoTempFile() throws IOException {
        byte[] old = bytes(2000, 5);
        store.put("c", new ByteArrayInputStream(old), -1, null);
        InputStream dying = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= 100_000) {
                    throw new IOException("connection reset");
                }
                return 42;
            }
        };
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> store.put("c", dying, 200_000, null)).code());
        assertArrayEquals(old, read("c"));
        assertNoTempFiles();
    }

    @Test
    void aCrashMidWriteLeavesNoPartialChunkAfterRestart() throws IOException {
        // What a killed writer leaves: a temp file with part of the body, header never written, never renamed.
        ChunkLayout layout = new ChunkLayout(dataDir);
        store.put("kept", new ByteArrayInputStream(bytes(100, 6)), 100, null);
        Path dir = Files.createDirectories(layout.dirOf("lost"));
        Path partial = layout.newTempIn(dir);
        Files.write(partial, bytes(5000, 7));
        Path partialNextToKept = layout.newTempIn(layout.dirOf("kept"));
        Files.write(partialNextToKept, new byte[0]);

        DiskChunkStore restarted = reopen(0);

        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(partialNextToKept));
        assertTrue(restarted.head("lost").isEmpty());
        assertEquals(List.of("kept"), restarted.list(null, 10).stream().map(ChunkInfo::id).toList());
        assertEquals(1, restarted.chunkCount());
        assertEquals(100, restarted.usedBytes());
    }

    @Test
    void aFlippedDataByteIsCaughtByReadAndVerifyAndQuarantined() throws IOException {
        byte[] data = bytes(70_000, 8);
        store.put("a", new ByteArrayInputStream(data), -1, null);
        store.put("b", new ByteArrayInputStream(data), -1, null);
        flipByte("a", ChunkHeader.SIZE + 65_537);
        flipByte("b", ChunkHeader.SIZE + data.length - 1);

        assertTrue(store.head("a").isPresent(), "HEAD reads only the header: it does not see data rot");
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.read("a")).code());
        assertEquals(VerifyResult.MISSING, store.verify("a"), "quarantined: never served again");
        assertEquals(VerifyResult.CORRUPT, store.verify("b"));
        assertEquals(VerifyResult.MISSING, store.verify("b"));

        assertEquals(2.0, registry.get("hybridstore.node.corrupt.chunks").counter().count());
        try (Stream<Path> quarantined = Files.list(new ChunkLayout(dataDir).quarantineDir())) {
            assertEquals(2, quarantined.count());
        }
        assertEquals(0, store.chunkCount());
        assertEquals(0, store.usedBytes());
        store.put("a", new ByteArrayInputStream(data), -1, null);
        assertArrayEquals(data, read("a"), "a healer can write the chunk again");
    }

    @Test
    void aDamagedHeaderOrATruncatedFileIsCorruptEvenForHead() throws IOException {
        store.put("h", new ByteArrayInputStream(bytes(500, 9)), -1, null);
        store.put("t", new ByteArrayInputStream(bytes(500, 9)), -1, null);
        flipByte("h", 9);
        try (RandomAccessFile file = new RandomAccessFile(new ChunkLayout(dataDir).fileOf("t").toFile(), "rw")) {
            file.setLength(ChunkHeader.SIZE + 499);
        }
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> store.head("h")).code());
        assertEquals(VerifyResult.CORRUPT, store.verify("t"));
        assertTrue(store.head("h").isEmpty());
    }

    @Test
    void concurrentPutsOfOneIdLeaveOneCompleteVersion() throws Exception {
        int writers = 8;
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            versions.add(bytes(200_000 + i, 100 + i));
        }
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ChunkInfo>> results = new ArrayList<>();
            for (byte[] version : versions) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.put("contended", new ByteArrayInputStream(version), version.length, null);
                }));
            }
            for (Future<ChunkInfo> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        byte[] stored = read("contended");
        assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, stored)), "the stored chunk is one whole version");
        assertEquals(VerifyResult.OK, store.verify("contended"));
        assertEquals(1, store.chunkCount());
        assertEquals(stored.length, store.usedBytes());
        assertNoTempFiles();
    }

    @Test
    void pagesThroughEveryChunkOnceAndResumesAfterADeletedCursor() throws IOException {
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < 60; i++) {
            String id = "chunk-" + i;
            all.add(id);
            store.put(id, new ByteArrayInputStream(new byte[] {(byte) i}), 1, null);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        String deleted = null;
        int pages = 0;
        while (true) {
            List<ChunkInfo> page = store.list(cursor, 7);
            pages++;
            if (page.isEmpty()) {
                break;
            }
            assertTrue(page.size() <= 7);
            page.forEach(c -> seen.add(c.id()));
            cursor = page.get(page.size() - 1).id();
            if (pages == 3) {
                deleted = cursor;
                store.delete(cursor); // the cursor need not exist any more
            }
        }
        assertEquals(60, seen.size(), "no chunk twice: " + seen);
        assertEquals(all, new LinkedHashSet<>(seen));
        assertEquals(10, pages, "60 ids: 8 full pages of 7, one of 4, a final empty one");
        List<String> expected = new ArrayList<>(seen);
        expected.remove(deleted);
        assertEquals(expected, store.list(null, 100).stream().map(ChunkInfo::id).toList(), "pages concatenate to the full listing");
    }

    @Test
    void existsAnswersManyIdsInOneCallAndDeleteIsIdempotent() throws IOException {
        store.put("x1", new ByteArrayInputStream(new byte[3]), 3, null);
        store.put("x2", new ByteArrayInputStream(new byte[4]), 4, null);
        assertEquals(Set.of("x1", "x2"), store.exists(List.of("x1", "nope", "x2")));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> store.exists(List.of("../x1"))).code());
        assertTrue(store.delete("x1"));
        assertFalse(store.delete("x1"));
        assertEquals(1, store.chunkCount());
        assertEquals(4, store.usedBytes());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> store.read("x1")).code());
    }

    @Test
    void fansOutIntoTwoLevelsOf256Directories() throws IOException {
        for (int i = 0; i < 40; i++) {
            store.put("f" + i, new ByteArrayInputStream(new byte[1]), 1, null);
        }
        ChunkLayout layout = new ChunkLayout(dataDir);
        Path file = layout.fileOf("f0");
        assertEquals(layout.chunksDir(), file.getParent().getParent().getParent());
        assertTrue(file.getParent().getFileName().toString().matches("[0-9a-f]{2}"));
        try (Stream<Path> top = Files.list(layout.chunksDir())) {
            assertTrue(top.count() > 20, "40 ids spread over many top-level directories");
        }
    }

    @Test
    void refusesAMissingDataDir() {
        assertThrows(IllegalStateException.class,
                () -> DiskChunkStore.open(dataDir.resolve("absent"), new DiskChunkStore.Limits(MAX, 0), new SimpleMeterRegistry()));
    }

    private byte[] read(String id) throws IOException {
        return read(store, id);
    }

    private static byte[] read(DiskChunkStore store, String id) throws IOException {
        try (VerifiedChunk chunk = store.read(id)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunk.writeTo(out);
            return out.toByteArray();
        }
    }

    private void flipByte(String id, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(new ChunkLayout(dataDir).fileOf(id).toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x01);
        }
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(new ChunkLayout(dataDir).chunksDir())) {
            assertEquals(List.of(), files.filter(p -> ChunkLayout.isTempName(p.getFileName().toString())).toList());
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String crcHex(byte[] data) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        return Long.toHexString(crc.getValue());
    }
}
