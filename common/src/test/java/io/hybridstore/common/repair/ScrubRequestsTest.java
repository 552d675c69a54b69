package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scrub asks each node about many copies in one request: per pass, one request per node a scan page
 * has copies on (within the bytes a request may read), never one per copy, and no HEAD for a blob
 * shard's CRC32C, which the verify answers.
 */
class ScrubRequestsTest {
    private final FakeCluster cluster = new FakeCluster(8);
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger copiesAsked = new AtomicInteger();
    private final AtomicInteger singles = new AtomicInteger();
    private final AtomicInteger heads = new AtomicInteger();
    private final ChunkStore counting = new HealerTest.DelegatingChunkStore(cluster.chunks) {
        @Override
        public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
            batches.incrementAndGet();
            copiesAsked.addAndGet(chunkIds.size());
            return super.verifyAll(node, chunkIds);
        }

        @Override
        public VerifyResult verify(NodeInfo node, String chunkId) {
            singles.incrementAndGet();
            return super.verify(node, chunkId);
        }

        @Override
        public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
            heads.incrementAndGet();
            return super.head(node, chunkId);
        }
    };

    @Test
    void onePageOfAHundredDocumentsIsOneRequestPerNode() throws Exception {
        List<String> keys = write(100);
        Scrubber scrubber = new Scrubber(cluster.metadata, counting, 500, (bytes, chunks) -> { });

        Scrubber.Findings findings = scrubber.scrub(live(), 1000, () -> true);

        assertEquals(900, findings.checked(), "100 documents x 9 copies");
        assertEquals(900, copiesAsked.get());
        assertEquals(nodesHolding(keys), batches.get(), "one request per node for 900 copies (was 900 requests)");
        assertEquals(0, singles.get(), "no request per copy");
        assertEquals(0, heads.get());
    }

    @Test
    void smallPagesAreOneRequestPerNodePerPage() throws Exception {
        List<String> keys = write(100);
        Scrubber scrubber = new Scrubber(cluster.metadata, counting, 10, (bytes, chunks) -> { });

        Scrubber.Findings findings = scrubber.scrub(live(), 1000, () -> true);

        int expected = 0;
        for (int page = 0; page < 10; page++) {
            expected += nodesHolding(keys.subList(10 * page, 10 * page + 10));
        }
        assertEquals(900, findings.checked());
        assertEquals(expected, batches.get(), "ten pages of ten documents");
        assertEquals(true, expected <= 80, "at most one request per node and page: " + expected);
        assertEquals(0, singles.get());
    }

    @Test
    void aBlobShardsCrcComesWithItsVerifyAndAMismatchIsFound() throws Exception {
        cluster.writeStripedBlob("blob", 3);
        ChunkLocation shard = cluster.get("blob").stripes().get(1).shards().get(2);
        // Other bytes than were written, under the shard's id: the node's own check passes, the record's CRC32C does not.
        cluster.chunks.put(node(shard.nodeId()), shard.chunkId(), "stray".getBytes(), null);
        Scrubber scrubber = new Scrubber(cluster.metadata, counting, 500, (bytes, chunks) -> { });

        Scrubber.Findings findings = scrubber.scrub(live(), 1000, () -> true);

        assertEquals(18, findings.checked(), "6 shards of each of 3 stripes");
        assertEquals(List.of("blob"), findings.damagedKeys());
        assertEquals(ChunkHealth.CORRUPT, findings.facts().of(shard));
        assertEquals(1, findings.corrupt());
        assertEquals(0, heads.get(), "no HEAD: the verify answered each shard's CRC32C");
        assertEquals(nodesHolding(List.of("blob")), batches.get());
    }

    private List<String> write(int count) {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(cluster.write(String.format("doc-%03d", i)).key());
        }
        return keys;
    }

    private int nodesHolding(List<String> keys) {
        return (int) keys.stream().flatMap(k -> Auditor.locations(cluster.get(k)).stream()).map(ChunkLocation::nodeId).distinct().count();
    }

    private NodeInfo node(String id) {
        return live().get(id);
    }

    private Map<String, NodeInfo> live() {
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        cluster.nodes.liveNodes().forEach(n -> live.put(n.id(), n));
        return live;
    }
}
