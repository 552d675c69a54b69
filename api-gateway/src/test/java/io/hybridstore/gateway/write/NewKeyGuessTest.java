package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.spi.WriteAheadLog;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryWriteAheadLog;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.gateway.CountingExecutor;
import io.hybridstore.gateway.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write of a key the gateway does not know skips reading it and commits only while the key has no
 * record; each race that makes the guess wrong ends as a write that had read the key would: labels
 * carried, unchanged parts reused on the second plan, an equal or newer version left in place. The
 * races are run inside the WAL append (after the version is known, before the guessed commit), so
 * they happen by the order of events, not by timing.
 */
class NewKeyGuessTest {

    private static final String DOC = "{\"name\":\"Ada\",\"bio\":\"" + "x".repeat(400) + "\"}";
    private static final ObjectLabels KEPT = new ObjectLabels(new TreeSet<>(Set.of("kept")), null, null, null);

    private final InMemoryMetadataStore records = new InMemoryMetadataStore();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger absentCommits = new AtomicInteger();
    private final MetadataStore metadata = new ForwardingMetadataStore(records) {
        @Override
        public Optional<Stored> get(String key) {
            reads.incrementAndGet();
            return super.get(key);
        }

        @Override
        public boolean commitIfAbsent(ObjectMetadata m) {
            absentCommits.incrementAndGet();
            return super.commitIfAbsent(m);
        }
    };
    private final InMemoryWriteAheadLog log = new InMemoryWriteAheadLog();
    /** Run inside each append once its version is known: what another gateway or the replay does in that window. */
    private volatile BiConsumer<String, Version> afterAppend = (key, version) -> { };
    private final WriteAheadLog wal = new WriteAheadLog() {
        @Override
        public Version append(String key, byte[] payload) {
            Version version = log.append(key, payload);
            BiConsumer<String, Version> race = afterAppend;
            afterAppend = (k, v) -> { };
            race.accept(key, version);
            return version;
        }

        @Override
        public void close() {
        }
    };
    private final InMemoryChunkStore chunks = new InMemoryChunkStore();
    private final CountingExecutor executor = new CountingExecutor();
    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    private final KnownKeys known = new KnownKeys(true, 1024);
    private final ObjectWriter writer = writer(known);
    private final WriteService writes = new WriteService(wal, writer, metadata, metrics, TimeSource.SYSTEM.clock(), "test-gateway", "");
    /** Another gateway on the same store and WAL, which knows nothing of this one's keys and never guesses. */
    private final ObjectWriter other = writer(KnownKeys.none());
    private final WriteService otherWrites = new WriteService(log, other, records, metrics,
            TimeSource.SYSTEM.clock(), "other-gateway", "");

    private ObjectWriter writer(KnownKeys keys) {
        return new ObjectWriter(metadata, StaticNodeDirectory.of(8, 0),
                new NodeFanOut(chunks, executor, new NodeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 4L << 20), TimeSource.SYSTEM),
                new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256)), TimeSource.SYSTEM.clock(), metrics, keys);
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    @Test
    void aNewKeyIsNotReadAndItsSecondWriteReadsItAndReusesItsParts() {
        WriteResult first = writes.write("k", doc(DOC), new Timings());

        assertTrue(first.committed());
        assertEquals(0, reads.get(), "a key the gateway never saw is not read");
        assertEquals(1, absentCommits.get());
        assertEquals(first.version(), records.get("k").orElseThrow().metadata().version());
        assertEquals(9, chunks.putCount(), "3 hot replicas, 6 cold shards");
        assertEquals(1, known.guessesHeld());

        WriteResult second = writes.write("k", doc(DOC), new Timings());

        assertTrue(second.committed());
        assertEquals(1, reads.get(), "a key it wrote is known: read first");
        assertEquals(1, absentCommits.get());
        assertEquals(Set.of("hot", "cold"), Set.copyOf(second.dedup()));
        assertEquals(9, chunks.putCount(), "nothing stored again");
        assertEquals(1, known.knownCount());
    }

    @Test
    void aKeyCreatedBetweenTheGuessAndTheCommitIsReadAndItsLabelsKept() {
        log.append("filler", new byte[0]); // so that an older position than the write's exists
        afterAppend = (key, version) -> {
            // Another gateway's write of the key at an older WAL position than ours (so ours must win), then a label patch.
            assertTrue(other.apply(key, doc(DOC), new Version(version.partition(), version.offset() - 1), new Timings()).committed());
            MetadataStore.Stored now = records.get(key).orElseThrow();
            assertTrue(records.compareAndSet(now.metadata().withLabels(KEPT), now.revision()));
        };

        WriteResult result = writes.write("k", doc(DOC), new Timings());

        assertTrue(result.committed());
        ObjectMetadata landed = records.get("k").orElseThrow().metadata();
        assertEquals(result.version(), landed.version());
        assertEquals(KEPT.tags(), landed.labels().tags(), "the labels of the record it replaced");
        assertEquals(Set.of("hot", "cold"), Set.copyOf(result.dedup()), "the second plan reused the parts");
        assertEquals(1, absentCommits.get(), "one guessed commit");
        assertEquals(1, known.guessesWrong());
        assertEquals(0, known.guessesHeld());
    }

    @Test
    void anOverwriteOfAKeyOnlyAnotherGatewayWroteKeepsItsLabelsAndReusesItsParts() {
        otherWrites.write("k", doc(DOC), new Timings());
        MetadataStore.Stored before = records.get("k").orElseThrow();
        assertTrue(records.compareAndSet(before.metadata().withLabels(KEPT), before.revision()));
        long putsBefore = chunks.putCount();
        reads.set(0);

        WriteResult result = writes.write("k", doc(DOC), new Timings());

        assertTrue(result.committed());
        assertEquals(KEPT.tags(), records.get("k").orElseThrow().metadata().labels().tags());
        assertEquals(Set.of("hot", "cold"), Set.copyOf(result.dedup()));
        assertEquals(1, reads.get(), "the wrong guess, then one read for the second plan");
        assertEquals(9, chunks.putCount() - putsBefore, "what the wrong guess cost: its plan's chunk writes");
        assertEquals(1, known.guessesWrong());

        writes.write("k", doc(DOC), new Timings());

        assertEquals(1, known.guessesWrong(), "known since: read first, no second wrong guess");
        assertEquals(1, known.knownCount());
    }

    @Test
    void theReplayApplyingTheSameRecordFirstMakesTheLiveWriteReportItApplied() {
        afterAppend = (key, version) -> assertTrue(other.apply(key, doc(DOC), version, new Timings()).committed(), "the replay");

        WriteResult result = writes.write("k", doc(DOC), new Timings());

        assertTrue(result.committed(), "this very version is what is committed");
        assertEquals(result.version(), records.get("k").orElseThrow().metadata().version());
        assertEquals(1, known.guessesWrong());
    }

    @Test
    void aNewerVersionCommittedFirstIsLeftInPlace() {
        Version[] newer = new Version[1];
        afterAppend = (key, version) -> {
            WriteResult later = writes.write(key, doc("{\"name\":\"Grace\"}"), new Timings()); // appended after ours
            newer[0] = later.version();
            assertTrue(later.version().isNewerThan(version));
        };

        WriteResult result = writes.write("k", doc(DOC), new Timings());

        assertFalse(result.committed(), "superseded");
        assertEquals(newer[0], records.get("k").orElseThrow().metadata().version());
        assertEquals(List.of("name"), records.get("k").orElseThrow().metadata().fieldOrder());
    }

    @Test
    void theSwitchOffReadsEveryKeyFirst() {
        KnownKeys off = new KnownKeys(false, 1024);
        WriteService reading = new WriteService(wal, writer(off), metadata, metrics, TimeSource.SYSTEM.clock(), "test-gateway", "");

        reading.write("a", doc(DOC), new Timings());
        reading.write("b", doc(DOC), new Timings());

        assertEquals(2, reads.get());
        assertEquals(0, absentCommits.get());
        assertEquals(2, off.unknownRead());
    }
}
