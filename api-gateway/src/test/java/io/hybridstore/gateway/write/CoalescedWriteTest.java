package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.gateway.DelegatingChunkStore;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.node.NodeCoalescer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write path with its small chunks sent through the coalescer, as the gateway runs it, over the in-memory nodes. */
class CoalescedWriteTest {

    private static final String DOC = "{\"name\":\"Ada\",\"n\":1,\"bio\":\"" + "x".repeat(3000) + "\"}";

    private final Fixture f = new Fixture();
    private final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
    private final ObjectWriter writer = new ObjectWriter(f.metadata, f.nodes, fanOut(f.store), new WriteSettings(3, 4, 2,
            SplitPolicy.byValueOnly(256)), f.clock, f.metrics);

    private NodeFanOut fanOut(ChunkStore store) {
        NodeCoalescer<NodeFanOut.Put, Long> coalescer = NodeCoalescer.nonBlocking(NodeFanOut.batchPuts(store, f.clock),
                1, 256, 4 << 20, p -> p.data().length, "batch PUT", (waits, nanos) -> batches.add(waits.length));
        return new NodeFanOut(store, f.executor, new NodeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 4L << 20), f.time,
                coalescer, 128 << 10);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aLoneWriteStoresEveryCopyAndReadsBack() {
        WriteResult result = writer.apply("k", doc(DOC), new Version(0, 1), new Timings());
        assertTrue(result.committed());
        assertEquals(ObjectState.CLEAN, result.state());
        ObjectMetadata m = f.meta("k");
        List<ChunkLocation> copies = new ArrayList<>(m.hot().replicas());
        copies.addAll(m.cold().shards());
        assertEquals(9, copies.size());
        assertTrue(copies.stream().allMatch(c -> c.stored() && f.chunks.holds(c.nodeId(), c.chunkId())));
        assertEquals(doc(DOC), f.read("k"));
        assertEquals(9, batches.stream().mapToInt(Integer::intValue).sum(), "every chunk went through a batch");
    }

    @Test
    void concurrentWritesAllLandAndShareBatches() throws Exception {
        int writes = 64;
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                String key = "k" + i;
                String json = DOC.replace("\"n\":1", "\"n\":" + i);
                long offset = i + 1;
                results.add(clients.submit(() -> writer.apply(key, doc(json), new Version(0, offset), new Timings())));
            }
            for (Future<WriteResult> r : results) {
                assertEquals(ObjectState.CLEAN, r.get().state());
            }
        }
        for (int i = 0; i < writes; i++) {
            assertEquals(i, f.read("k" + i).get("n").intValue());
        }
        assertEquals(9 * writes, batches.stream().mapToInt(Integer::intValue).sum(), "every chunk of every write was sent once");
        assertTrue(batches.size() <= 9 * writes, batches.size() + " batches for " + 9 * writes + " chunks");
    }

    /**
     * Batches answered a moment later from a thread of their own, as the HTTP adapter's event loop
     * answers them: each write waits for its copies' answers (woken once, by the last), and lands whole.
     */
    @Test
    void writesWhoseBatchesAnswerFromAnotherThreadLand() throws Exception {
        int writes = 32;
        try (ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            ChunkStore later = new DelegatingChunkStore(f.store) {
                @Override
                public CompletableFuture<List<PutOutcome>> putAllAsync(NodeInfo node, List<ChunkPut> puts) {
                    CompletableFuture<List<PutOutcome>> done = new CompletableFuture<>();
                    loop.schedule(() -> done.complete(putAll(node, puts)), 1, TimeUnit.MILLISECONDS);
                    return done;
                }
            };
            ObjectWriter w = new ObjectWriter(f.metadata, f.nodes, fanOut(later), new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256)),
                    f.clock, f.metrics);
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                String key = "late" + i;
                String json = DOC.replace("\"n\":1", "\"n\":" + i);
                long offset = i + 1;
                results.add(clients.submit(() -> w.apply(key, doc(json), new Version(0, offset), new Timings())));
            }
            for (Future<WriteResult> r : results) {
                assertEquals(ObjectState.CLEAN, r.get(30, TimeUnit.SECONDS).state());
            }
        }
        for (int i = 0; i < writes; i++) {
            ObjectMetadata m = f.meta("late" + i);
            assertEquals(9, m.hot().replicas().size() + m.cold().shards().size());
            assertTrue(m.hot().replicas().stream().allMatch(ChunkLocation::stored) && m.cold().shards().stream().allMatch(ChunkLocation::stored));
            assertEquals(i, f.read("late" + i).get("n").intValue());
        }
        assertEquals(9 * writes, batches.stream().mapToInt(Integer::intValue).sum(), "every chunk of every write was sent once");
    }
}
