package io.hybridstore.gateway.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.spi.UploadRegistry.Upload;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryUploadRegistry;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.NodeFanOut;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.common.tracker.NodeTimeouts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Abandoned uploads listed by age on a manual clock, and an abort that stops an upload before its commit. */
class SyncServiceTest {

    private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000L);
    private final Fixture f = new Fixture(new InMemoryChunkStore(), Duration.ofSeconds(2), Duration.ofSeconds(2), time);
    private final InMemoryUploadRegistry uploads = new InMemoryUploadRegistry();
    private final SyncService sync = new SyncService(uploads, new HealerStateStore.InMemory(), f.clock);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void onlyUploadsOlderThanTheAgeAreListedOldestFirst() {
        uploads.begin(new Upload("u-old", "a", "0-1", "g1", f.clock.millis()));
        time.advance(Duration.ofMinutes(30));
        uploads.begin(new Upload("u-mid", "b", "0-2", "g1", f.clock.millis()));
        time.advance(Duration.ofMinutes(29));
        uploads.begin(new Upload("u-new", "c", "0-3", "g2", f.clock.millis()));
        assertEquals(List.of("u-old"), ids(sync.abandoned(Duration.ofMinutes(59), 100)));
        assertEquals(List.of("u-old", "u-mid"), ids(sync.abandoned(Duration.ofMinutes(29), 100)));
        assertEquals(List.of("u-old"), ids(sync.abandoned(Duration.ZERO, 1)), "limit");
        assertEquals(3, sync.abandoned(Duration.ZERO, 100).size());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> sync.abandoned(Duration.ZERO, 1001)).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> sync.abandoned(Duration.ofSeconds(-1), 1)).code());
    }

    @Test
    void anAbortedUploadNeverCommitsAndLeavesNoEntry() {
        BlobWriter writer = registeringWriter();
        byte[] bytes = new byte[20_000];
        // The operator aborts while the body is still streaming in.
        InputStream body = new ByteArrayInputStream(bytes) {
            private boolean aborted;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (!aborted) {
                    aborted = true;
                    List<Upload> running = sync.abandoned(Duration.ZERO, 10);
                    assertEquals(1, running.size(), "the upload is listed while it runs");
                    sync.abort(running.get(0).uploadId());
                }
                return super.read(b, off, len);
            }
        };
        StoreException e = assertThrows(StoreException.class,
                () -> writer.write(new BlobWriter.Upload("big.bin", "application/octet-stream", null, (long) bytes.length), body, new Timings()));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(f.metadata.get("big.bin").isEmpty(), "nothing of it is visible");
        assertEquals(List.of(), uploads.list(10));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> sync.abort("u-none")).code());
    }

    @Test
    void aFinishedUploadLeavesNoEntry() {
        BlobWriter writer = registeringWriter();
        byte[] bytes = new byte[10_000];
        assertTrue(writer.write(new BlobWriter.Upload("ok.bin", "application/octet-stream", null, (long) bytes.length),
                new ByteArrayInputStream(bytes), new Timings()).committed());
        assertEquals(List.of(), uploads.list(10));
        assertFalse(sync.collector().isPresent(), "no healer pass reported yet");
    }

    /** The fixture's blob writer, registering its uploads in {@link #uploads}. */
    private BlobWriter registeringWriter() {
        return new BlobWriter(f.wal, f.metadata, f.nodes, new NodeFanOut(f.store, f.executor,
                new NodeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 4L << 20), f.time), f.blobSettings, f.clock,
                "test-gateway", uploads);
    }

    private static List<String> ids(List<Upload> list) {
        return list.stream().map(Upload::uploadId).toList();
    }
}
