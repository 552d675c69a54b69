package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.node.NodeCoalescer;
import io.hybridstore.gateway.write.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read path with its small chunks read through the coalescer, as the gateway runs it, over the in-memory nodes. */
class CoalescedReadTest {

    private static final String DOC = "{\"name\":\"Ada\",\"n\":1,\"bio\":\"" + "x".repeat(3000) + "\"}";

    private final Fixture f = new Fixture();
    private final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
    private final ReadService reads = coalescedReads(f.chunks);

    private ReadService coalescedReads(InMemoryChunkStore store) {
        NodeCoalescer<ChunkReads.Wanted, byte[]> coalescer = NodeCoalescer.nonBlocking(ChunkReads.batchGets(store), f.executor, 1, 256,
                4 << 20, ChunkReads.Wanted::size, "batch GET", (waits, nanos) -> batches.add(waits.length));
        return new ReadService(f.metadata, f.nodes, ChunkReads.coalesced(store, coalescer, 128 << 10), f.executor,
                // No hedge fires here (a 10-s floor): these tests count the requests of a read's plan, and on a
                // loaded machine a real-time hedge after 5 ms once added one.
                new ReplicaStats(f.time::nanoTime, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                new NodeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), 4L << 20), f.time, f.metrics);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void concurrentReadsAllReturnTheirDocumentsThroughBatches() throws Exception {
        int docs = 48;
        for (int i = 0; i < docs; i++) {
            assertEquals(ObjectState.CLEAN, f.write("k" + i, DOC.replace("\"n\":1", "\"n\":" + i)).state());
        }
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < docs; i++) {
                String key = "k" + i;
                results.add(clients.submit(() -> reads.read(key, new Timings()).document().get("n").intValue()));
            }
            for (int i = 0; i < docs; i++) {
                assertEquals(i, results.get(i).get());
            }
        }
        int batched = batches.stream().mapToInt(Integer::intValue).sum();
        assertTrue(batched >= 5 * docs, "a hot replica and 4 data shards per read: " + batched + " chunks in batches");
    }

    /** One reader at a time: a document's 5 chunks leave in one batch per node of its plan, 4 requests a read on 8 nodes. */
    @Test
    void aLoneReadAsksEachNodeOfItsPlanOnceAndTheFewestNodes() {
        int docs = 40;
        for (int i = 0; i < docs; i++) {
            f.write("k" + i, DOC.replace("\"n\":1", "\"n\":" + i));
        }
        for (int i = 0; i < docs; i++) {
            batches.clear();
            ObjectMetadata m = f.meta("k" + i);
            assertEquals(i, reads.read("k" + i, new Timings()).document().get("n").intValue());
            assertEquals(5, batches.stream().mapToInt(Integer::intValue).sum(), "a replica and 4 shards: " + batches);
            assertEquals(4, batches.size(), "document " + i + ": hot on " + m.hot().replicas() + ", cold on " + m.cold().shards());
            assertEquals(List.of(1, 1, 1, 2), batches.stream().sorted().toList(), "the shared node's two chunks in one request");
        }
    }

    @Test
    void aCorruptOrLostChunkInABatchFailsAloneAndTheReadUsesOtherCopies() {
        f.write("k", DOC);
        ObjectMetadata m = f.meta("k");
        ChunkLocation shard = m.cold().shards().get(0);
        f.chunks.corrupt(shard.nodeId(), shard.chunkId());
        for (ChunkLocation replica : m.hot().replicas().subList(0, 2)) {
            f.chunks.lose(replica.nodeId(), replica.chunkId());
        }
        assertEquals(Fixture.doc(DOC), reads.read("k", new Timings()).document());
        assertTrue(batches.stream().mapToInt(Integer::intValue).sum() >= 5, "the hot replicas and shards tried went through batches");
    }
}
