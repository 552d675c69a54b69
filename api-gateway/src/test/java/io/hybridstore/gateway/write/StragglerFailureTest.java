package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.repair.Healer;
import io.hybridstore.common.repair.HealerSettings;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.gateway.DelegatingChunkStore;
import io.hybridstore.gateway.Fixture;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The second phase of a write answered 202 in_progress (settling the record once the stragglers
 * answered) runs off the request thread: when it cannot settle the record, that is logged and
 * counted, and the record is left as the healer finds it: IN_PROGRESS with its pending nodes.
 */
class StragglerFailureTest {

    private static final String DOC = "{\"name\":\"Ada\",\"bio\":\"" + "x".repeat(400) + "\"}";

    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String slowNode;
    /** One node's put waits for the test (no sleeps): that copy is the straggler. */
    private final InMemoryChunkStore backing = new InMemoryChunkStore();
    private final DelegatingChunkStore store = new DelegatingChunkStore(backing) {
        @Override
        public void put(NodeInfo node, String chunkId, byte[] data, String sha) {
            if (node.id().equals(slowNode)) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new StoreException(ErrorCode.TIMEOUT, "cancelled");
                }
            }
            super.put(node, chunkId, data, sha);
        }
    };
    /** On manual time: the write answers when the test moves time past the answer timeout, and not before. */
    private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000L);
    private final Fixture f = new Fixture(store, Duration.ofSeconds(1), Duration.ofSeconds(20), time);
    private final AtomicBoolean etcdFails = new AtomicBoolean();
    private final AtomicBoolean settleLoses = new AtomicBoolean();
    private final AtomicInteger settleAttempts = new AtomicInteger();
    private final MetadataStore etcd = new ForwardingMetadataStore(f.metadata) {
        @Override
        public Optional<Stored> get(String key) {
            if (etcdFails.get()) {
                throw new StoreException(ErrorCode.TIMEOUT, "etcd: get " + key + " did not answer within 2 s");
            }
            return super.get(key);
        }

        @Override
        public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
            settleAttempts.incrementAndGet();
            return !settleLoses.get() && super.compareAndSet(metadata, expectedRevision);
        }
    };
    private final ObjectWriter writer = new ObjectWriter(etcd, f.nodes,
            new NodeFanOut(store, f.executor, new NodeTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(20), 4L << 20), f.time),
            new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256)), f.clock, f.metrics);

    @AfterEach
    void close() {
        release.countDown();
        f.close();
    }

    @Test
    void anEtcdFailureWhileSettlingIsLoggedCountedAndLeftToTheHealer() throws Exception {
        WriteResult result = writeWithOneStraggler();

        etcdFails.set(true);
        release.countDown();
        awaitCount("error", 1);

        etcdFails.set(false);
        assertStillInProgressForTheHealer(result);
    }

    @Test
    void settlingThatLosesEveryRaceIsLoggedCountedAndLeftToTheHealer() throws Exception {
        WriteResult result = writeWithOneStraggler();

        settleLoses.set(true);
        release.countDown();
        awaitCount("lost_races", 1);
        assertEquals(5, settleAttempts.get(), "gave up after 5 lost races");

        settleLoses.set(false);
        assertStillInProgressForTheHealer(result);
    }

    private WriteResult writeWithOneStraggler() throws Exception {
        f.write("probe", DOC);
        ObjectMetadata probe = f.meta("probe");
        slowNode = probe.cold().shards().get(5).nodeId();
        long held = Stream.concat(probe.hot().replicas().stream(), probe.cold().shards().stream())
                .filter(c -> c.nodeId().equals(slowNode)).count();
        f.executor.awaitIdle();
        CompletableFuture<WriteResult> write = CompletableFuture.supplyAsync(
                () -> writer.apply("k", doc(DOC), new Version(0, 100), new Timings()));
        f.executor.awaitFinished((int) (9 - held)); // every other copy answered and was handed over
        time.advance(Duration.ofSeconds(1).plusMillis(1)); // past the answer deadline (plus ~25 µs of transfer time)
        WriteResult result = write.get(30, TimeUnit.SECONDS);
        assertEquals(ObjectState.IN_PROGRESS, result.state(), "answered before the held node");
        assertEquals(List.of(slowNode), f.meta("k").pendingNodes());
        return result;
    }

    /** IN_PROGRESS with its pending node listed: exactly what the healer checks once past its grace. */
    private void assertStillInProgressForTheHealer(WriteResult result) throws InterruptedException {
        ObjectMetadata left = f.meta("k");
        assertEquals(result.version(), left.version());
        assertEquals(ObjectState.IN_PROGRESS, left.state());
        assertEquals(List.of(slowNode), left.pendingNodes());

        Clock pastTheGrace = Clock.fixed(Instant.ofEpochMilli(left.updatedAt()).plus(Duration.ofMinutes(3)), ZoneOffset.UTC);
        HealerStats stats = new HealerStats("healer-test");
        new Healer(f.metadata, f.nodes, f.store, new HealerStateStore.InMemory(), stats, pastTheGrace,
                new HealerSettings(10, 1000, 100, 100, 4, 0, 0, Duration.ofHours(1), 0, 0, 50, 1 << 16,
                        Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO)).runPass(() -> true);
        assertEquals(ObjectState.CLEAN, f.meta("k").state(), "the healer settled it: the straggler's shard had landed");
        assertEquals(List.of(), f.meta("k").pendingNodes());
        assertEquals(doc(DOC), f.read("k"));
    }

    /** Once the straggler and the bookkeeping after it have run. */
    private void awaitCount(String reason, double expected) throws InterruptedException {
        f.executor.awaitIdle();
        assertEquals(expected, unsettled(reason), "hybridstore.gateway.stragglers.unsettled{reason=" + reason + "}");
    }

    private double unsettled(String reason) {
        Counter counter = f.registry.find("hybridstore.gateway.stragglers.unsettled").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
