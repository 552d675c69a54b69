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
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.DelegatingChunkStore;
import io.hybridstore.gateway.GatedChunkStore;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WrittenParts;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    // ---- with the part cache

    /** The in-memory fleet, each chunk read through it recorded by id. */
    private static final class CountingStore extends DelegatingChunkStore {
        final InMemoryChunkStore fleet;
        final Queue<String> gets = new ConcurrentLinkedQueue<>();

        CountingStore(InMemoryChunkStore fleet) {
            super(fleet);
            this.fleet = fleet;
        }

        @Override
        public byte[] get(NodeInfo node, String chunkId) {
            gets.add(chunkId);
            return super.get(node, chunkId);
        }
    }

    private static Fixture cached(CountingStore store, boolean filledByWrites) {
        PartCache parts = PartCache.of(1 << 20, 256L << 20);
        return new Fixture(store, parts, filledByWrites ? parts : WrittenParts.NONE);
    }

    @Test
    void aDocumentThisGatewayWroteIsReadFromMemory() {
        CountingStore store = new CountingStore(new InMemoryChunkStore());
        try (Fixture g = cached(store, true)) {
            g.write("k", DOC);
            for (int i = 0; i < 3; i++) {
                assertEquals(doc(DOC), g.read("k"));
            }
            assertEquals(List.of(), List.copyOf(store.gets), "no node asked");
            assertEquals(6, g.parts.hits(), "both parts, 3 reads");
            assertEquals(0, g.parts.misses());
            assertTrue(g.reads.read("k", new Timings()).metadata().version().equals(g.meta("k").version()), "the record is still read");
        }
    }

    @Test
    void aDocumentAnotherGatewayWroteIsFetchedTwiceThenReadFromMemory() {
        CountingStore store = new CountingStore(new InMemoryChunkStore());
        try (Fixture g = cached(store, false)) {
            g.write("k", DOC);
            assertEquals(doc(DOC), g.read("k"));
            assertEquals(5, store.gets.size(), "the first read: a replica and 4 data shards " + store.gets);
            assertEquals(doc(DOC), g.read("k"));
            assertEquals(10, store.gets.size(), "the second too: a part is kept on its second miss (the doorkeeper)");
            assertEquals(doc(DOC), g.read("k"));
            assertEquals(10, store.gets.size(), "the third: none");
            assertEquals(4, g.parts.misses());
            assertEquals(2, g.parts.hits());
        }
    }

    @Test
    void onlyThePartNotHeldIsFetched() {
        // A 64-KiB cache keeps parts up to 1 KiB: DOC's hot part ({"id":7}), not its 6-KB cold part.
        CountingStore store = new CountingStore(new InMemoryChunkStore());
        PartCache parts = PartCache.of(64 << 10, 256L << 20);
        try (Fixture g = new Fixture(store, parts, parts)) {
            g.write("k", DOC);
            assertEquals(doc(DOC), g.read("k"));
            assertEquals(4, store.gets.size(), store.gets.toString());
            assertTrue(store.gets.stream().allMatch(id -> id.startsWith("c-")), "the 4 data shards only: " + store.gets);
            assertEquals(1, parts.hits());
            assertEquals(1, parts.misses());
        }
    }

    @Test
    void anOverwrittenKeyReadsItsNewPartsAndADeletedOneIsNotFound() {
        CountingStore store = new CountingStore(new InMemoryChunkStore());
        try (Fixture g = cached(store, true)) {
            g.write("k", DOC);
            assertEquals(doc(DOC), g.read("k"));
            String second = "{\"id\":8,\"blob\":\"" + "e".repeat(3000) + "\"}";
            g.write("k", second);
            assertEquals(doc(second), g.read("k"), "the record names the new hashes");
            g.writes.delete("k", false, new Timings());
            StoreException e = assertThrows(StoreException.class, () -> g.read("k"));
            assertEquals(ErrorCode.NOT_FOUND, e.code(), "the tombstone is read, whatever the cache holds");
            assertEquals(List.of(), List.copyOf(store.gets));
        }
    }

    @Test
    void onlyVerifiedBytesAreKeptWhenANodeLies() {
        CountingStore store = new CountingStore(new InMemoryChunkStore());
        try (Fixture g = cached(store, false)) {
            g.write("k", DOC);
            ChunkLocation bad = g.meta("k").cold().shards().get(0);
            NodeInfo node = g.nodes.find(bad.nodeId()).orElseThrow();
            byte[] wrong = store.fleet.get(node, bad.chunkId());
            wrong[0] ^= 0x55;
            store.fleet.put(node, bad.chunkId(), wrong, null); // the node's own checksum matches: only the SHA-256 finds it
            assertEquals(doc(DOC), g.read("k"));
            assertFalse(g.meta("k").cold().shards().get(0).stored(), "reported as before");
            assertEquals(doc(DOC), g.read("k"), "fetched again (kept on its second miss), without the shard reported");
            int fetched = store.gets.size();
            assertEquals(doc(DOC), g.read("k"), "from memory: the verified bytes, not the lying shard's");
            assertEquals(fetched, store.gets.size());
        }
    }

    @Test
    void aReadFromMemoryTouchesNoNodeSoItReportsNoDamage() {
        // What the cache changes: damage is found by reads that go to the nodes, and by the healer's scrub.
        CountingStore store = new CountingStore(new InMemoryChunkStore());
        try (Fixture g = cached(store, true)) {
            g.write("k", DOC);
            ChunkLocation shard = g.meta("k").cold().shards().get(1);
            store.fleet.corrupt(shard.nodeId(), shard.chunkId());
            assertEquals(doc(DOC), g.read("k"));
            assertEquals(ObjectState.CLEAN, g.meta("k").state());
        }
    }
}
