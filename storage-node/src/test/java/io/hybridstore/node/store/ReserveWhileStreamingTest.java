package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The free-space reserve holds for bodies whose length is not known up front (chunked PUTs) and for
 * space that runs out while a body streams: the store re-checks as it writes and before the rename,
 * answers INSUFFICIENT_STORAGE (507) and keeps nothing. The volume is a fake of fixed size whose free
 * space is its size minus every byte under the data dir, so writing the body itself uses it up.
 */
class ReserveWhileStreamingTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dataDir;
    /** Bytes something else on the volume takes (another writer, a log file). */
    private final AtomicLong others = new AtomicLong();

    private DiskChunkStore store(long volumeSize, long reserve) {
        return DiskChunkStore.open(dataDir, new DiskChunkStore.Limits(64 * MIB, reserve), new SimpleMeterRegistry(),
                () -> volumeSize - bytesUnder(dataDir) - others.get(), true);
    }

    @Test
    void aChunkedBodyThatWouldEatTheReserveIsRefusedWhileStreaming() throws IOException {
        DiskChunkStore store = store(6 * MIB, 2 * MIB); // 6 MiB free: the up-front check passes with no length declared
        Body body = new Body(8 * MIB, 0, 0);

        StoreException e = assertThrows(StoreException.class, () -> store.put("chunked", body, -1, null));

        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, e.code());
        assertTrue(e.getMessage().contains("below the reserve of " + 2 * MIB + " bytes; nothing stored"), e.getMessage());
        assertTrue(body.sent <= 4 * MIB + ChunkWriter.SPACE_CHECK_INTERVAL,
                "refused within one check interval of crossing the reserve, not after the whole body: read " + body.sent);
        assertNothingStored(store, "chunked");
    }

    @Test
    void aSmallChunkedBodyIsCheckedBeforeTheRename() throws IOException {
        DiskChunkStore store = store(MIB, MIB / 2);
        long size = 600 * 1024; // under one check interval: only the last check sees it
        assertTrue(size < ChunkWriter.SPACE_CHECK_INTERVAL);

        StoreException e = assertThrows(StoreException.class, () -> store.put("small", new Body(size, 0, 0), -1, null));

        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, e.code());
        assertNothingStored(store, "small");
        // What fits above the reserve is still stored.
        assertEquals(100_000, store.put("fits", new Body(100_000, 0, 0), -1, null).size());
    }

    @Test
    void spaceTakenByOthersWhileADeclaredBodyStreamsCountsWithWhatIsStillToCome() throws IOException {
        DiskChunkStore store = store(10 * MIB, 2 * MIB);
        // 10 - 3 >= 2 up front; after 1 MiB another writer takes 6 MiB: 10 - 1 - 6 = 3 free, 2 MiB still to come.
        Body body = new Body(3 * MIB, MIB, 6 * MIB);

        StoreException e = assertThrows(StoreException.class, () -> store.put("declared", body, 3 * MIB, null));

        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, e.code());
        assertTrue(e.getMessage().contains("to come"), e.getMessage());
        assertTrue(body.sent < 3 * MIB, "refused before the end of the body: read " + body.sent);
        assertNothingStored(store, "declared");
    }

    private void assertNothingStored(DiskChunkStore store, String id) throws IOException {
        assertTrue(store.head(id).isEmpty(), id + " must not be stored");
        assertEquals(0, store.chunkCount());
        try (Stream<Path> files = Files.walk(store.chunksDir())) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no chunk and no temp file left");
        }
    }

    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0; // a temp file renamed or deleted meanwhile
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code size} bytes; once {@code takeAt} are sent, {@code takeBytes} more of the volume go to "others". */
    private final class Body extends InputStream {
        private final long size;
        private final long takeAt;
        private final long takeBytes;
        long sent;

        Body(long size, long takeAt, long takeBytes) {
            this.size = size;
            this.takeAt = takeAt;
            this.takeBytes = takeBytes;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - sent);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 7);
            sent += n;
            if (takeBytes > 0 && sent >= takeAt && others.get() == 0) {
                others.set(takeBytes);
            }
            return n;
        }
    }
}
