package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.GatedChunkStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write path's threads driven by its {@link io.hybridstore.common.tracker.WriteTracker} on manual
 * time: one copy is held at a gate, so exactly that copy is pending when the answer deadline passes,
 * however slowly this machine runs the threads. The decisions themselves, tick by tick, are in
 * {@code WriteTrackerTest}.
 */
class StragglerTest {

    private static final String MIXED = "{\"name\":\"Ada\",\"age\":36,\"bio\":\"" + "x".repeat(400) + "\",\"tags\":[\"a\",\"b\"],\"ok\":true}";
    private static final Duration ANSWER_TIMEOUT = Duration.ofMillis(50);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);

    private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000L);
    private final GatedChunkStore store = new GatedChunkStore(new InMemoryChunkStore());
    private final Fixture f = new Fixture(store, ANSWER_TIMEOUT, NODE_TIMEOUT, time);
    /** The copy held at the gate: a parity shard whose node holds no other copy of the part. */
    private ChunkLocation held;

    @BeforeEach
    void placeAProbe() {
        f.write("probe", MIXED); // equal content is placed alike: learn where the copies go
        ObjectMetadata probe = f.meta("probe");
        Set<String> hotNodes = new HashSet<>();
        probe.hot().replicas().forEach(r -> hotNodes.add(r.nodeId()));
        List<ChunkLocation> shards = probe.cold().shards();
        held = shards.stream().skip(4).filter(s -> !hotNodes.contains(s.nodeId())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("every parity shard shares its node with a hot replica: " + probe));
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** Writes {@code k} with the held copy's put held; it answers once the others answered and the answer deadline passed. */
    private WriteResult answeredWithTheCopyHeld() throws Exception {
        store.holdPuts(held.nodeId());
        f.executor.awaitIdle();
        CompletableFuture<WriteResult> write = CompletableFuture.supplyAsync(() -> f.write("k", MIXED));
        store.awaitArrived(1);
        f.executor.awaitFinished(8); // the other copies answered and their answers were handed over
        assertFalse(write.isDone(), "no answer before the answer deadline while a copy is pending");
        time.advance(ANSWER_TIMEOUT.plusMillis(1)); // the deadline adds the largest copy's transfer time: ~25 µs here
        return write.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aCopyStillPendingAtTheAnswerDeadlineIsAStragglerThatSettlesTheRecordCleanWhenItLands() throws Exception {
        WriteResult result = answeredWithTheCopyHeld();
        assertEquals(ObjectState.IN_PROGRESS, result.state());
        assertEquals(List.of(new WriteResult.Missing("cold", held.index(), held.nodeId(), "PENDING")), result.missing());
        assertEquals(List.of(held.nodeId()), f.meta("k").pendingNodes());
        assertEquals(doc(MIXED), f.read("k"), "readable while in progress");

        store.open();
        f.executor.awaitIdle(); // the straggler landed and its bookkeeping ran
        ObjectMetadata settled = f.meta("k");
        assertEquals(ObjectState.CLEAN, settled.state());
        assertEquals(List.of(), settled.pendingNodes());
        assertTrue(settled.cold().shards().get(held.index()).stored());
    }

    @Test
    void aStragglerThatFailsSettlesTheRecordDirtyWithItsNodeFailed() throws Exception {
        store.failWhenReleased(held.nodeId());
        assertEquals(ObjectState.IN_PROGRESS, answeredWithTheCopyHeld().state());

        store.open();
        f.executor.awaitIdle();
        ObjectMetadata settled = f.meta("k");
        assertEquals(ObjectState.DIRTY, settled.state());
        assertEquals(List.of(held.nodeId()), settled.failedNodes());
        assertFalse(settled.cold().shards().get(held.index()).stored());
        assertTrue(f.metadata.dirty(10).stream().anyMatch(d -> d.key().equals("k")));
    }

    @Test
    void aStragglerStillUnansweredAtTheNodeDeadlineIsCancelledAndTheRecordSettlesDirty() throws Exception {
        assertEquals(ObjectState.IN_PROGRESS, answeredWithTheCopyHeld().state());

        time.advance(NODE_TIMEOUT); // past the node deadline: answer + node timeout > node timeout + transfer
        store.awaitCancelled(1);
        f.executor.awaitIdle();
        ObjectMetadata settled = f.meta("k");
        assertEquals(ObjectState.DIRTY, settled.state());
        assertEquals(List.of(held.nodeId()), settled.failedNodes());
        assertEquals(List.of(), settled.pendingNodes());
        assertFalse(settled.cold().shards().get(held.index()).stored());
    }
}
