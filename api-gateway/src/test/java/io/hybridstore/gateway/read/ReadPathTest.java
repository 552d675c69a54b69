package io.hybridstore.gateway.read;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.DelegatingChunkStore;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.write.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadPathTest {

    private static final String DOC = "{\"id\":7,\"blob\":\"" + "é".repeat(3000) + "\",\"list\":[1,2,{\"x\":null}]}";
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void twoShardHoldersDownStillReadsByReconstruction() {
        f.write("k", DOC);
        List<ChunkLocation> shards = f.meta("k").cold().shards();
        f.chunks.setDown(shards.get(0).nodeId(), true);
        f.chunks.setDown(shards.get(2).nodeId(), true);
        assertEquals(doc(DOC), f.read("k"));
        assertEquals(ObjectState.CLEAN, f.meta("k").state(), "unreachable is not damage");
    }

    @Test
    void aCorruptShardIsNeverServedAndMarksTheObjectDirty() {
        f.write("k", DOC);
        ChunkLocation shard = f.meta("k").cold().shards().get(1);
        f.chunks.corrupt(shard.nodeId(), shard.chunkId());
        assertEquals(doc(DOC), f.read("k"));
        ObjectMetadata m = f.meta("k");
        assertEquals(ObjectState.DIRTY, m.state());
        assertFalse(m.cold().shards().get(1).stored(), "the damaged copy is marked for the healer");
        assertTrue(m.failedNodes().contains(shard.nodeId()));
        assertTrue(f.metadata.dirty(10).stream().anyMatch(d -> d.key().equals("k")));
    }

    @Test
    void aLostHotReplicaFallsBackToTheNextAndMarksDirty() {
        f.write("k", DOC);
        // Unmeasured nodes rank by id: lose the copies on the two that are asked first.
        List<ChunkLocation> byId = f.meta("k").hot().replicas().stream()
                .sorted(java.util.Comparator.comparing(ChunkLocation::nodeId)).toList();
        ChunkLocation replica = byId.get(0);
        for (ChunkLocation r : byId.subList(0, 2)) {
            f.chunks.lose(r.nodeId(), r.chunkId());
        }
        assertEquals(doc(DOC), f.read("k"));
        assertEquals(ObjectState.DIRTY, f.meta("k").state());
        assertTrue(f.meta("k").failedNodes().contains(replica.nodeId()));
    }

    @Test
    void tooManyShardsGoneIsUnavailableNotWrongData() {
        f.write("k", DOC);
        List<ChunkLocation> shards = f.meta("k").cold().shards();
        for (int i = 0; i < 3; i++) {
            f.chunks.setDown(shards.get(i).nodeId(), true);
        }
        StoreException e = assertThrows(StoreException.class, () -> f.read("k"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
    }

    @Test
    void silentlyWrongShardBytesAreFoundByTheChecksumAndRoutedAround() {
        // A node that returns wrong bytes without noticing (its checksum matched what it was sent).
        Fixture lying = new Fixture();
        try (lying) {
            lying.write("k", DOC);
            ChunkLocation bad = lying.meta("k").cold().shards().get(2);
            byte[] original = lying.chunks.get(lying.nodes.find(bad.nodeId()).orElseThrow(), bad.chunkId());
            original[0] ^= 0x55;
            lying.chunks.put(lying.nodes.find(bad.nodeId()).orElseThrow(), bad.chunkId(), original, null);
            assertEquals(doc(DOC), lying.read("k"));
            assertFalse(lying.meta("k").cold().shards().get(2).stored());
        }
    }

    @Test
    void aSlowReplicaIsHedgedAround() throws Exception {
        InMemoryChunkStore backing = new InMemoryChunkStore();
        Set<String> slow = ConcurrentHashMap.newKeySet();
        ChunkStore slowStore = new DelegatingChunkStore(backing) {
            @Override
            public byte[] get(NodeInfo node, String chunkId) {
                if (slow.contains(node.id())) {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        throw new StoreException(ErrorCode.TIMEOUT, "cancelled");
                    }
                }
                return backing.get(node, chunkId);
            }
        };
        StaticNodeDirectory nodes = StaticNodeDirectory.of(8, 0);
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        try (Fixture f2 = new Fixture()) {
            f2.write("k", "{\"a\":1}");
            // Copy the chunks into the slow store's backing fleet.
            for (ChunkLocation r : f2.meta("k").hot().replicas()) {
                NodeInfo n = nodes.find(r.nodeId()).orElseThrow();
                backing.put(n, r.chunkId(), f2.chunks.get(n, r.chunkId()), null);
            }
            ReplicaStats stats = new ReplicaStats(System::nanoTime, Duration.ofMillis(5), Duration.ofMillis(20));
            ReadService reads = new ReadService(f2.metadata, nodes, slowStore, executor, stats, Duration.ofSeconds(5), 4L << 20,
                    f2.clock, f2.metrics);
            String first = stats.rank(f2.meta("k").hot().replicas().stream().map(ChunkLocation::nodeId).toList()).get(0);
            slow.add(first);
            long start = System.nanoTime();
            assertEquals(doc("{\"a\":1}"), reads.read("k", new Timings()).document());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 1_000, "hedged after ~20 ms instead of waiting 2 s: " + ms + " ms");
        } finally {
            executor.shutdownNow();
        }
    }
}
