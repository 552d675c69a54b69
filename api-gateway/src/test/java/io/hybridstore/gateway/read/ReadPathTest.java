package io.hybridstore.gateway.read;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.GatedChunkStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
    void aReplicaSlowerThanItsHedgeDelayIsHedgedAroundAndCancelled() throws Exception {
        ManualTimeSource time = new ManualTimeSource(1_700_000_000_000L);
        GatedChunkStore store = new GatedChunkStore(new InMemoryChunkStore());
        try (Fixture slow = new Fixture(store, Duration.ofSeconds(2), Duration.ofSeconds(5), time)) {
            slow.write("k", "{\"a\":1}");
            // Unmeasured nodes rank by id: hold the one asked first.
            String first = slow.meta("k").hot().replicas().stream().map(ChunkLocation::nodeId).sorted().findFirst().orElseThrow();
            store.holdGets(first);
            CompletableFuture<ObjectNode> read = CompletableFuture.supplyAsync(() -> slow.read("k"));
            store.awaitArrived(1);
            assertFalse(read.isDone(), "no hedge before the hedge delay");
            time.advance(Duration.ofMillis(20)); // an unmeasured node's hedge delay
            assertEquals(doc("{\"a\":1}"), read.get(30, TimeUnit.SECONDS));
            store.awaitCancelled(1);
            assertEquals(ObjectState.CLEAN, slow.meta("k").state(), "slow is not damage");
        }
    }

    @Test
    void aDataShardUnansweredAtTheReadDeadlineIsReplacedByTheSparesAndCancelled() throws Exception {
        ManualTimeSource time = new ManualTimeSource(1_700_000_000_000L);
        GatedChunkStore store = new GatedChunkStore(new InMemoryChunkStore());
        try (Fixture slow = new Fixture(store, Duration.ofSeconds(2), Duration.ofSeconds(5), time)) {
            slow.write("k", DOC);
            ObjectMetadata m = slow.meta("k");
            Set<String> hotNodes = m.hot().replicas().stream().map(ChunkLocation::nodeId).collect(Collectors.toSet());
            ChunkLocation held = m.cold().shards().subList(0, 4).stream()
                    .filter(s -> !hotNodes.contains(s.nodeId())).findFirst().orElseThrow();
            store.holdGets(held.nodeId());
            CompletableFuture<ObjectNode> read = CompletableFuture.supplyAsync(() -> slow.read("k"));
            store.awaitArrived(1);
            assertFalse(read.isDone(), "no spare before the read deadline");
            time.advance(Duration.ofSeconds(6)); // past the node timeout plus the shard's transfer time
            assertEquals(doc(DOC), read.get(30, TimeUnit.SECONDS));
            store.awaitCancelled(1);
            assertEquals(ObjectState.CLEAN, slow.meta("k").state(), "slow is not damage");
        }
    }
}
