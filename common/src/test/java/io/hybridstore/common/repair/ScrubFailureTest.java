package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.ChunkStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A copy scrub could not check is not checked: it is counted apart and checked again on the next pass. */
class ScrubFailureTest {

    @Test
    void aVerifyOrHeadThatThrowsIsNeitherOkNorForgotten() throws Exception {
        FakeCluster cluster = new FakeCluster(8);
        ObjectMetadata blob = cluster.writeStripedBlob("b-stripes", 2); // first in key order: 12 shards
        for (int i = 0; i < 10; i++) {
            cluster.write(String.format("obj-%03d", i)); // 9 copies each
        }
        ChunkLocation verifyFails = cluster.get("obj-000").hot().replicas().get(0);
        ChunkLocation headFails = blob.stripes().get(0).shards().get(0); // a stripe shard: scrub also compares its CRC32C
        AtomicInteger verifies = new AtomicInteger();
        AtomicInteger heads = new AtomicInteger();
        ChunkStore flaky = new HealerTest.DelegatingChunkStore(cluster.chunks) {
            @Override
            public VerifyResult verify(NodeInfo node, String chunkId) {
                if (node.id().equals(verifyFails.nodeId()) && chunkId.equals(verifyFails.chunkId()) && verifies.getAndIncrement() == 0) {
                    throw new IllegalStateException("a bug in the adapter");
                }
                return super.verify(node, chunkId);
            }

            @Override
            public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
                if (node.id().equals(headFails.nodeId()) && chunkId.equals(headFails.chunkId()) && heads.getAndIncrement() == 0) {
                    throw new IllegalStateException("an answer the adapter cannot read");
                }
                return super.head(node, chunkId);
            }
        };
        Scrubber scrubber = new Scrubber(cluster.metadata, flaky, 10, bytes -> { });
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        cluster.nodes.liveNodes().forEach(n -> live.put(n.id(), n));

        // 30 copies: the blob, obj-000 and obj-001.
        Scrubber.Findings first = scrubber.scrub(live, 30, () -> true);
        assertEquals(28, first.checked(), "the two copies whose check failed are not counted as checked");
        assertEquals(2, first.unchecked());
        assertEquals(ChunkHealth.UNREACHABLE, first.facts().of(headFails), "a failed HEAD is not OK");
        assertEquals(ChunkHealth.UNREACHABLE, first.facts().of(verifyFails));
        assertEquals(List.of(), first.damagedKeys(), "not checked is not damaged either: nothing to repair");

        // The next pass checks the blob and obj-000 again first (21 copies), then goes on at obj-002.
        Scrubber.Findings second = scrubber.scrub(live, 30, () -> true);
        assertEquals(2, verifies.get(), "the copy whose verify threw was verified again");
        assertEquals(2, heads.get(), "the shard whose HEAD threw was checked again");
        assertEquals(ChunkHealth.OK, second.facts().of(headFails));
        assertEquals(ChunkHealth.OK, second.facts().of(verifyFails));
        assertEquals(30, second.checked());
        assertEquals(0, second.unchecked());
        assertEquals(ChunkHealth.OK, second.facts().of(cluster.get("obj-002").hot().replicas().get(0)), "the cursor went on");
        assertEquals(ChunkHealth.UNREACHABLE, second.facts().of(cluster.get("obj-001").hot().replicas().get(0)),
                "obj-001 was fully checked on the first pass: not visited again (no fact about it)");
    }
}
