package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** One object's failure stays that object's: the rest of the pass and its later phases go on, on a fake clock. */
class HealerIsolationTest {

    private static final BooleanSupplier LEADER = () -> true;
    /** Retries after 10 s, doubling; scrub on, so every phase of a pass shows whether it ran. */
    private static final HealerSettings SETTINGS = new HealerSettings(10, 1000, 100, 100, 4, 0, 1000, Duration.ofHours(1),
            1000, 1000, 50, 1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);

    private final FakeCluster cluster = new FakeCluster(8);
    private final HealerStats stats = new HealerStats("healer-test");
    private final Map<String, AtomicInteger> casCalls = new ConcurrentHashMap<>();
    private final Set<String> failing = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("poison-bug", "poison-timeout"));

    /** etcd as the healer sees it: the CAS of one record times out, that of another hits a bug. */
    private final MetadataStore flaky = new ForwardingMetadataStore(cluster.metadata) {
        @Override
        public boolean compareAndSet(ObjectMetadata metadata, long expectedRevision) {
            String key = metadata.key();
            casCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (failing.contains(key)) {
                throw key.equals("poison-timeout")
                        ? new StoreException(ErrorCode.TIMEOUT, "etcd: commit " + key + " did not answer within 2 s")
                        : new IllegalStateException("a bug that only this record's shape reaches");
            }
            return super.compareAndSet(metadata, expectedRevision);
        }
    };

    @Test
    void aPoisonRecordInTheDirtyIndexIsBackedOffWhileEverythingElseIsHealed() throws Exception {
        for (String key : List.of("a-ok", "poison-bug", "poison-timeout", "z-ok")) {
            loseOneShard(cluster.write(key, ObjectState.DIRTY));
        }
        List.of("b", "c", "d").forEach(cluster::write);
        String orphanOn = "node-1";
        cluster.chunks.put(node(orphanOn), "h-orphan", new byte[] {1}, null);
        cluster.chunks.setModified(orphanOn, "h-orphan", cluster.clock.millis() - Duration.ofHours(3).toMillis());
        Healer healer = new Healer(flaky, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, SETTINGS);

        healer.runPass(LEADER);

        cluster.assertFullyRedundant("a-ok");
        cluster.assertFullyRedundant("z-ok"); // after both poisons, in key order and in the dirty index
        HealerStatus status = stats.snapshot();
        assertEquals(2, status.objectErrors(), "each poison failed once: the dirty phase tried it, the scan skipped it");
        assertEquals(java.util.Set.of("poison-bug", "poison-timeout"),
                stats.recentFailures().stream().map(HealerStats.Failure::key).collect(java.util.stream.Collectors.toSet()));
        assertEquals(Map.of("poison-bug", 1, "poison-timeout", 1), calls("poison-bug", "poison-timeout"));
        assertEquals(Optional.empty(), cluster.state.loadCursor(), "the scan completed its cycle");
        assertEquals(7, status.total());
        assertTrue(status.chunksScrubbed() > 0, "scrub ran");
        assertFalse(cluster.chunks.holds(orphanOn, "h-orphan"), "GC ran");
        assertEquals(0, status.phaseErrors());
        assertEquals(2, cluster.state.loadStatus().orElseThrow().objectErrors(), "the status says so");
        assertEquals(ObjectState.DIRTY, cluster.get("poison-bug").state(), "still in the dirty index, for later");

        healer.runPass(LEADER);
        assertEquals(Map.of("poison-bug", 1, "poison-timeout", 1), calls("poison-bug", "poison-timeout"), "backing off: not tried");

        cluster.clock.advance(Duration.ofSeconds(10));
        healer.runPass(LEADER);
        assertEquals(Map.of("poison-bug", 2, "poison-timeout", 2), calls("poison-bug", "poison-timeout"), "retried after 10 s");
        assertEquals(4, stats.snapshot().objectErrors());

        cluster.clock.advance(Duration.ofSeconds(10));
        healer.runPass(LEADER);
        assertEquals(Map.of("poison-bug", 2, "poison-timeout", 2), calls("poison-bug", "poison-timeout"), "now 20 s: not yet");

        failing.clear();
        cluster.clock.advance(Duration.ofSeconds(10));
        healer.runPass(LEADER);
        cluster.assertFullyRedundant("poison-bug");
        cluster.assertFullyRedundant("poison-timeout");
        assertEquals(4, stats.snapshot().objectErrors());
        assertEquals(List.of(), cluster.metadata.dirty(10));
    }

    @Test
    void aRecordThatDoesNotParseEndsOnlyItsOwnTurnAndAPageHoldingItOnlyItsPhase() throws Exception {
        loseOneShard(cluster.write("a-ok", ObjectState.DIRTY));
        cluster.write("m-unparsable", ObjectState.DIRTY);
        cluster.write("z");
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger batchReads = new AtomicInteger();
        // The real adapter fails to parse such a record wherever it reads it: alone, in a batch, or in a scan page.
        MetadataStore unparsable = new ForwardingMetadataStore(cluster.metadata) {
            @Override
            public Optional<Stored> get(String key) {
                if (key.equals("m-unparsable")) {
                    reads.incrementAndGet();
                    throw new StoreException(ErrorCode.CORRUPT, "cannot parse stored ObjectMetadata: Unexpected end-of-input");
                }
                return super.get(key);
            }

            @Override
            public List<Stored> getAll(List<String> keys) {
                if (keys.contains("m-unparsable")) {
                    batchReads.incrementAndGet();
                    throw new StoreException(ErrorCode.CORRUPT, "cannot parse stored ObjectMetadata: Unexpected end-of-input");
                }
                return super.getAll(keys);
            }

            @Override
            public List<Stored> scan(String afterKey, int limit) {
                List<Stored> page = super.scan(afterKey, limit);
                if (page.stream().anyMatch(s -> s.metadata().key().equals("m-unparsable"))) {
                    throw new StoreException(ErrorCode.CORRUPT, "cannot parse stored ObjectMetadata: Unexpected end-of-input");
                }
                return page;
            }
        };
        Healer healer = new Healer(unparsable, cluster.nodes, cluster.chunks, cluster.state, stats, cluster.clock, SETTINGS);

        healer.runPass(LEADER);

        cluster.assertFullyRedundant("a-ok");
        HealerStatus status = stats.snapshot();
        assertEquals(1, status.objectErrors(), "the unreadable dirty record");
        assertEquals(2, status.phaseErrors(), "the scan page and the scrub page holding it: the scrub ran after the scan failed");
        assertTrue(cluster.state.loadStatus().isPresent(), "the pass ended normally and stored its status");
        assertEquals(1, batchReads.get(), "the dirty batch was read in one call, which failed on that record");
        assertEquals(1, reads.get(), "then one by one: only that record failed");

        healer.runPass(LEADER);
        assertEquals(List.of(1, 1), List.of(batchReads.get(), reads.get()), "backing off: the record is not read again within 10 s");
    }

    private Map<String, Integer> calls(String... keys) {
        Map<String, Integer> calls = new java.util.TreeMap<>();
        for (String key : keys) {
            calls.put(key, casCalls.getOrDefault(key, new AtomicInteger()).get());
        }
        return calls;
    }

    private void loseOneShard(ObjectMetadata object) {
        ChunkLocation shard = object.cold().shards().get(1);
        cluster.chunks.lose(shard.nodeId(), shard.chunkId());
    }

    private static NodeInfo node(String id) {
        return new NodeInfo(id, "mem://" + id, "", 1L << 40, 0, 0, 0, "test");
    }
}
