package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.repair.Healer;
import io.hybridstore.common.repair.HealerSettings;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.gateway.Fixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write that reuses the previous version's chunks (dedup) against the healer's garbage collector
 * and its repairs, on the in-memory fakes: the interleavings are forced by running the other party
 * right before the write's metadata commit.
 */
class DedupAgainstCollectorTest {

    private static final String V1 = "{\"name\":\"Ada\",\"bio\":\"" + "x".repeat(400) + "\"}";
    /** Other content: the same hot part (reused from V1), another cold part. */
    private static final String V2 = "{\"name\":\"Ada\",\"bio\":\"" + "y".repeat(400) + "\"}";

    private final Fixture f = new Fixture();
    /** The healer's clock: fixed, so the collector's cut-off is exactly one grace period before the pass. */
    private final Clock healerClock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    private final HealerStats stats = new HealerStats("healer-test");
    /** One record per pass, so a cycle over one key takes two passes: the scan reads it, the next pass completes and sweeps. */
    private final Healer healer = new Healer(f.metadata, f.nodes, f.store, new HealerStateStore.InMemory(), stats, healerClock,
            new HealerSettings(10, 1, 100, 100, 4, 0, 0, Duration.ofHours(1), 1000, 1000, 50, 1 << 16,
                    Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theCollectorKeepsChunksADedupWriteCommitsAfterTheScanReadAnotherVersion() throws Exception {
        write(f.metadata, V1, 1);
        List<ChunkLocation> v1Copies = copies(f.meta("k"));
        ageBeyondTheGrace(v1Copies);
        AtomicInteger interleaved = new AtomicInteger();
        // V3 (V1's content) has read V1 as its dedup base; before its commit lands, V2 commits and
        // the healer's full scan reads the key at V2.
        MetadataStore racing = beforeCommitOf(new Version(0, 3), () -> {
            interleaved.incrementAndGet();
            write(f.metadata, V2, 2);
            healer.runPass(() -> true);
        });

        WriteResult v3 = write(racing, V1, 3);
        healer.runPass(() -> true); // the cycle completes, and the sweep runs with the set built from V2

        assertEquals(1, interleaved.get(), "V2 and the scan ran between V3's read and V3's commit");
        assertTrue(v3.committed());
        assertEquals(new Version(0, 3), f.meta("k").version());
        List<ChunkLocation> v3Copies = copies(f.meta("k"));
        assertEquals(9, v3Copies.size());
        List<ChunkLocation> gone = v3Copies.stream().filter(c -> !f.chunks.holds(c.nodeId(), c.chunkId())).toList();
        assertEquals(List.of(), gone, "copies V3 points at that the collector deleted (" + stats.snapshot().garbageDeleted() + " deleted)");
        assertEquals(doc(V1), f.read("k"));
        assertEquals(List.of("hot"), v3.dedup(), "V2's hot part is V3's too and is still reused; the cold part was stored again");
    }

    @Test
    void aDedupWriteThatLostItsBaseToAHealerRepairCommitsTheRepairedHomes() throws Exception {
        write(f.metadata, V1, 1);
        ChunkLocation onDeadNode = f.meta("k").hot().replicas().get(0);
        f.nodes.remove(onDeadNode.nodeId());
        f.chunks.setDown(onDeadNode.nodeId(), true);
        MetadataStore racing = beforeCommitOf(new Version(0, 2), () -> healer.runPass(() -> true));

        WriteResult v2 = write(racing, V1, 2);

        assertEquals(List.of("hot", "cold"), v2.dedup(), "nothing changed: both parts reused");
        ObjectMetadata committed = f.meta("k");
        assertEquals(new Version(0, 2), committed.version());
        assertFalse(copies(committed).stream().anyMatch(c -> c.nodeId().equals(onDeadNode.nodeId())),
                "the homes the healer had just moved the replica to, not the dead node's: " + committed.hot().replicas());
        assertEquals(ObjectState.CLEAN, committed.state());
        assertTrue(stats.snapshot().repairsDone() >= 1, "the healer's repair ran in between");
    }

    @Test
    void theLiveRequestAndTheReplayOfOneDedupRecordCommitItOnceAndBothReportItCommitted() {
        write(f.metadata, V1, 1);
        AtomicInteger replays = new AtomicInteger();
        MetadataStore racing = beforeCommitOf(new Version(0, 2), () -> {
            replays.incrementAndGet();
            assertTrue(write(f.metadata, V1, 2).committed(), "the replay's run of the record");
        });

        WriteResult live = write(racing, V1, 2);

        assertEquals(1, replays.get());
        assertTrue(live.committed(), "the replay committed this very version first");
        assertEquals(ObjectState.CLEAN, live.state());
        assertEquals(new Version(0, 2), f.meta("k").version());
        assertEquals(doc(V1), f.read("k"));
    }

    @Test
    void aBaseThatChangesBeforeEveryCommitEndsInAWriteThatStoresEveryPart() {
        write(f.metadata, V1, 1);
        AtomicInteger changes = new AtomicInteger();
        MetadataStore racing = beforeCommitsOf(new Version(0, 2), 10, () -> {
            // A healer-like update that leaves the record as it was but moves its revision on.
            MetadataStore.Stored now = f.metadata.get("k").orElseThrow();
            assertTrue(f.metadata.compareAndSet(now.metadata(), now.revision()));
            changes.incrementAndGet();
        });
        long putsBefore = f.chunks.putCount();

        WriteResult v2 = write(racing, V1, 2);

        // Two reusing attempts lost their base; the third stores every part and its commit, which
        // carries the labels of the record it replaces, re-reads after each lost race (as etcd's
        // commitIfNewer loop does) until the base holds still: after the 10 scripted changes.
        assertEquals(10, changes.get(), "every scripted change was met and outlasted");
        assertTrue(v2.committed());
        assertEquals(List.of(), v2.dedup(), "nothing reused on the last attempt");
        assertEquals(9, f.chunks.putCount() - putsBefore, "3 replicas and 6 shards stored again, fresh for the collector");
        assertEquals(new Version(0, 2), f.meta("k").version());
        assertEquals(doc(V1), f.read("k"));
    }

    private WriteResult write(MetadataStore metadata, String json, long offset) {
        ObjectWriter writer = new ObjectWriter(metadata, f.nodes,
                new NodeFanOut(f.store, f.executor, new NodeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 4L << 20), f.time),
                new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256)), f.clock, f.metrics);
        return writer.apply("k", doc(json), new Version(0, offset), new Timings());
    }

    /** Written long before the pass: older than the collector's cut-off. */
    private void ageBeyondTheGrace(List<ChunkLocation> copies) {
        long old = healerClock.millis() - Duration.ofHours(2).toMillis();
        copies.forEach(c -> f.chunks.setModified(c.nodeId(), c.chunkId(), old));
    }

    private static List<ChunkLocation> copies(ObjectMetadata m) {
        List<ChunkLocation> all = new ArrayList<>(m.hot().replicas());
        all.addAll(m.cold().shards());
        return all;
    }

    /** Throws checked exceptions through the commit hook. */
    private interface Step {
        void run() throws Exception;
    }

    private MetadataStore beforeCommitOf(Version version, Step step) {
        return beforeCommitsOf(version, 1, step);
    }

    /** The fixture's store, running {@code step} right before each of the first {@code times} commits of {@code version}. */
    private MetadataStore beforeCommitsOf(Version version, int times, Step step) {
        AtomicInteger fired = new AtomicInteger();
        return new ForwardingMetadataStore(f.metadata) {
            private void before(ObjectMetadata metadata) {
                if (metadata.version().equals(version) && fired.getAndIncrement() < times) {
                    try {
                        step.run();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }

            @Override
            public boolean commitIfNewer(ObjectMetadata metadata) {
                before(metadata);
                return super.commitIfNewer(metadata);
            }

            @Override
            public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
                before(metadata);
                return super.compareAndSet(metadata, expectedRevision);
            }
        };
    }
}
