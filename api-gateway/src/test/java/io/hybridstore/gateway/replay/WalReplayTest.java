package io.hybridstore.gateway.replay;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.UploadRegistry;
import io.hybridstore.common.spi.memory.InMemoryDeadLetterStore;
import io.hybridstore.common.spi.memory.InMemoryUploadRegistry;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.io.kafka.WalEntry;
import io.hybridstore.io.kafka.WalReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalReplayTest {

    /** On manual time: a record's age, and so the grace the replay waits, is exact. */
    private final Fixture f = new Fixture(new InMemoryChunkStore(), Duration.ofSeconds(2), Duration.ofSeconds(2),
            new ManualTimeSource(1_700_000_000_000L));
    private final ScriptedReader reader = new ScriptedReader();
    private final List<Duration> slept = new ArrayList<>();
    private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    private final WalApplier applier = new WalApplier(f.metadata, f.writer);
    private final WalReplay replay = new WalReplay(reader, applier,
            new DeadLetters(deadLetters, applier, f.metrics, f.clock, "test-gateway", 20), f.clock, Duration.ofSeconds(10),
            f.metrics, slept::add, new ReplayPolicy(3, 20));

    @AfterEach
    void close() {
        f.close();
    }

    private WalEntry entry(long offset, WalRecord record) {
        return new WalEntry(new Version(0, offset), record.key(), record.toBytes());
    }

    private long old() {
        return f.clock.millis() - 60_000;
    }

    @Test
    void aRecordWithoutMetadataIsAppliedAsTheGatewayWouldHave() throws Exception {
        reader.batches.add(List.of(entry(7, WalRecord.put("k", doc("{\"a\":1,\"b\":[2]}"), "r", old(), "dead-gateway"))));
        assertEquals(1, replay.runOnce(Duration.ZERO));
        assertEquals(new Version(0, 7), f.meta("k").version());
        assertEquals(doc("{\"a\":1,\"b\":[2]}"), f.read("k"));
        assertEquals(List.of(new Version(0, 7)), reader.committed);
        assertEquals(List.of(), slept);
    }

    @Test
    void aRecordAlreadyCommittedOrSupersededIsSkipped() throws Exception {
        f.writer.apply("k", doc("{\"v\":2}"), new Version(0, 9), new io.hybridstore.gateway.write.Timings());
        long puts = f.chunks.putCount();
        reader.batches.add(List.of(
                entry(9, WalRecord.put("k", doc("{\"v\":2}"), "r", old(), "g")),
                entry(5, WalRecord.put("k", doc("{\"v\":1}"), "r", old(), "g"))));
        assertEquals(2, replay.runOnce(Duration.ZERO));
        assertEquals(puts, f.chunks.putCount());
        assertEquals(2, f.read("k").get("v").intValue());
        assertEquals(1.0, f.registry.get("hybridstore.gateway.replay.records").tag("outcome", "skipped").counter().count(), 0.1 + 1);
    }

    @Test
    void aRecordThisGatewaysLiveRequestSettledIsSkippedWithoutReadingEtcd() throws Exception {
        RecentCommits settled = new RecentCommits(16);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        var counting = new io.hybridstore.common.spi.memory.ForwardingMetadataStore(f.metadata) {
            @Override
            public java.util.Optional<Stored> get(String key) {
                reads.incrementAndGet();
                return super.get(key);
            }
        };
        var writes = new io.hybridstore.gateway.write.WriteService(f.wal, f.writer, f.metadata, f.metrics, f.clock, "g", "", settled);
        Version live = writes.write("mine", doc("{\"v\":1}"), new io.hybridstore.gateway.write.Timings()).version();
        assertTrue(settled.contains(live), "the live request tells what it settled");
        WalApplier applier = new WalApplier(counting, f.writer, settled);
        WalReplay withRecent = new WalReplay(reader, applier, new DeadLetters(deadLetters, applier, f.metrics, f.clock, "g", 20),
                f.clock, Duration.ofSeconds(10), f.metrics, slept::add, new ReplayPolicy(3, 20));
        reader.batches.add(List.of(
                new WalEntry(live, "mine", WalRecord.put("mine", doc("{\"v\":1}"), "r", old(), "g").toBytes()),
                entry(live.offset() + 100, WalRecord.put("theirs", doc("{\"v\":2}"), "r", old(), "other-gateway"))));
        assertEquals(2, withRecent.runOnce(Duration.ZERO));
        assertEquals(1, reads.get(), "only the record this gateway did not settle was looked up");
        assertEquals(2, f.read("theirs").get("v").intValue());
        assertEquals(1, f.read("mine").get("v").intValue());
    }

    @Test
    void youngRecordsWaitForTheGracePeriod() throws Exception {
        reader.batches.add(List.of(entry(1, WalRecord.put("k", doc("{\"a\":1}"), "r", f.clock.millis() - 4_000, "g"))));
        replay.runOnce(Duration.ZERO);
        assertEquals(1, slept.size());
        assertEquals(List.of(Duration.ofSeconds(6)), slept, "10 s of grace less the record's 4 s of age");
    }

    @Test
    void deletesLeaveTombstones() throws Exception {
        f.write("k", "{\"a\":1}");
        reader.batches.add(List.of(entry(50, WalRecord.delete("k", "r", old(), "g"))));
        replay.runOnce(Duration.ZERO);
        assertTrue(f.meta("k").deleted());
    }

    @Test
    void aFailureRewindsAndDoesNotCommit() {
        for (int i = 1; i <= 8; i++) {
            f.chunks.setDown("node-" + i, true);
        }
        reader.batches.add(List.of(entry(3, WalRecord.put("k", doc("{\"a\":1}"), "r", old(), "g"))));
        assertThrows(StoreException.class, () -> replay.runOnce(Duration.ZERO));
        assertEquals(1, reader.rewinds);
        assertEquals(List.of(), reader.committed);
    }

    @Test
    void aBlobIntentWithoutMetadataIsAbandonedUnlessItsUploadIsStillUnderWay() {
        InMemoryUploadRegistry uploads = new InMemoryUploadRegistry();
        WalApplier knowing = new WalApplier(f.metadata, f.writer, new RecentCommits(16), null, uploads);
        uploads.begin(new UploadRegistry.Upload("u-streaming", "b/slow", "0-1", "g", old()));
        WalRecord streaming = WalRecord.blobIntent("b/slow", "u-streaming", 1L << 30, "x/y", old(), "g");
        WalRecord gone = WalRecord.blobIntent("b/gone", "u-gone", 10L, "x/y", old(), "g");
        assertEquals(WalApplier.Outcome.upload_in_progress, knowing.apply(new Version(0, 1), streaming));
        assertEquals("upload-in-progress", WalApplier.Outcome.upload_in_progress.tag());
        assertEquals(WalApplier.Outcome.abandoned_upload, knowing.apply(new Version(0, 2), gone));
        uploads.end("u-streaming");
        assertEquals(WalApplier.Outcome.abandoned_upload, knowing.apply(new Version(0, 1), streaming), "ended without metadata");
        assertEquals(WalApplier.Outcome.abandoned_upload, applier.apply(new Version(0, 1), streaming), "no registry: as before");
    }

    @Test
    void anUnreadableRecordIsDeadLetteredNotRetriedForever() throws Exception {
        reader.batches.add(List.of(new WalEntry(new Version(0, 1), "k", "garbage".getBytes())));
        assertEquals(1, replay.runOnce(Duration.ZERO));
        assertEquals(List.of(new Version(0, 1)), reader.committed);
        assertEquals("CORRUPT", deadLetters.get(new Version(0, 1)).orElseThrow().code());
        assertEquals("garbage", new String(deadLetters.payload(new Version(0, 1)).orElseThrow()));
    }

    static final class ScriptedReader implements WalReader {
        final List<List<WalEntry>> batches = new ArrayList<>();
        final List<Version> committed = new ArrayList<>();
        int rewinds;

        @Override
        public List<WalEntry> poll(Duration timeout) {
            return batches.isEmpty() ? List.of() : batches.remove(0);
        }

        @Override
        public void commit(WalEntry done) {
            committed.add(done.version());
        }

        @Override
        public void rewind() {
            rewinds++;
        }

        @Override
        public void close() {
        }
    }
}
