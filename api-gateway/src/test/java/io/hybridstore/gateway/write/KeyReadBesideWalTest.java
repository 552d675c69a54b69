package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A live write reads its key beside its WAL append rather than after it, and a read that went stale
 * before the commit is caught by the commit's guard, not trusted. The WAL here holds its append until
 * the key's read has answered (bounded), so the overlap is shown by the order of events, not by time.
 */
class KeyReadBesideWalTest {

    private static final String DOC = "{\"name\":\"Ada\",\"bio\":\"" + "x".repeat(400) + "\"}";

    private final InMemoryMetadataStore records = new InMemoryMetadataStore();
    private final AtomicInteger reads = new AtomicInteger();
    /** Counted down each time a read of the key has answered. */
    private volatile CountDownLatch answered = new CountDownLatch(1);
    private volatile boolean failReads;
    private final MetadataStore metadata = new ForwardingMetadataStore(records) {
        @Override
        public Optional<Stored> get(String key) {
            reads.incrementAndGet();
            if (failReads) {
                throw new StoreException(ErrorCode.UNAVAILABLE, "etcd unreachable");
            }
            Optional<Stored> stored = super.get(key);
            answered.countDown();
            return stored;
        }
    };
    private final InMemoryWriteAheadLog log = new InMemoryWriteAheadLog();
    /** Whether the key's read had answered before the append was acknowledged, per append. */
    private final TreeSet<String> appendsAfterTheRead = new TreeSet<>();
    /** Run inside the append once the read answered: what another writer does in that window. */
    private volatile Runnable duringAppend = () -> { };
    private final WriteAheadLog wal = new WriteAheadLog() {
        @Override
        public Version append(String key, byte[] payload) {
            try {
                if (answered.await(10, TimeUnit.SECONDS)) {
                    appendsAfterTheRead.add(key);
                    duringAppend.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return log.append(key, payload);
        }

        @Override
        public void close() {
        }
    };
    private final CountingExecutor executor = new CountingExecutor();
    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    private final ObjectWriter writer = new ObjectWriter(metadata, StaticNodeDirectory.of(8, 0),
            new NodeFanOut(new InMemoryChunkStore(), executor, new NodeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 4L << 20),
                    TimeSource.SYSTEM),
            new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256)), TimeSource.SYSTEM.clock(), metrics);
    private final WriteService writes = new WriteService(wal, writer, metadata, metrics, TimeSource.SYSTEM.clock(), "test-gateway", "");

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    @Test
    void theKeyIsReadWhileTheWalAppendRunsAndNotAgainForTheFirstAttempt() {
        WriteResult result = writes.write("k", doc(DOC), new Timings());

        assertTrue(result.committed());
        assertEquals(Set.of("k"), appendsAfterTheRead, "the read answered before the append was acknowledged");
        assertEquals(1, reads.get(), "one read of the key: the one beside the WAL serves the first attempt");
        assertEquals(result.version(), records.get("k").orElseThrow().metadata().version());
    }

    @Test
    void aRecordChangedAfterTheEarlyReadFailsTheGuardAndIsReadAgainKeepingItsLabels() {
        writes.write("k", doc(DOC), new Timings());
        // Between the second write's read and its commit, a label patch lands (a new revision of the same version).
        ObjectLabels kept = new ObjectLabels(new TreeSet<>(Set.of("kept")), null, null, null);
        answered = new CountDownLatch(1);
        reads.set(0);
        duringAppend = () -> {
            MetadataStore.Stored now = records.get("k").orElseThrow();
            assertTrue(records.compareAndSet(now.metadata().withLabels(kept), now.revision()));
        };

        WriteResult result = writes.write("k", doc(DOC), new Timings()); // the same content: its chunks are reused

        assertTrue(result.committed());
        assertEquals(Set.of("hot", "cold"), Set.copyOf(result.dedup()), "the unchanged parts were reused");
        ObjectMetadata landed = records.get("k").orElseThrow().metadata();
        assertEquals(result.version(), landed.version());
        assertEquals(kept.tags(), landed.labels().tags(), "the patch made after the early read is carried, not dropped");
        assertEquals(2, reads.get(), "the stale early read, then a fresh one for the second attempt");
    }

    @Test
    void aReadThatFailsFailsTheWriteWithTheStoresOwnErrorAfterTheWalAppend() {
        failReads = true;
        answered.countDown(); // no read will answer: let the append go on

        StoreException e = assertThrows(StoreException.class, () -> writes.write("k", doc(DOC), new Timings()));

        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(1, log.entries().size(), "the WAL append happened first: the replay retries the write");
        assertFalse(records.get("k").isPresent());
    }
}
