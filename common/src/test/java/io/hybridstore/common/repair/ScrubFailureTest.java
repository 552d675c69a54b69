package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A copy scrub could not check is not checked: it is counted apart and checked again on the next pass. */
class ScrubFailureTest {
    private final FakeCluster cluster = new FakeCluster(8);
    private final ObjectMetadata blob = cluster.writeStripedBlob("b-stripes", 2); // first in key order: 12 shards

    ScrubFailureTest() {
        for (int i = 0; i < 10; i++) {
            cluster.write(String.format("obj-%03d", i)); // 9 copies each
        }
    }

    @Test
    void aCopyItsNodeFailedToCheckOrWhoseHeadFailedIsNeitherOkNorForgotten() throws Exception {
        ChunkLocation failsAlone = cluster.get("obj-000").hot().replicas().get(0);
        ChunkLocation headFails = blob.stripes().get(0).shards().get(0); // a stripe shard: scrub also compares its CRC32C
        AtomicInteger failedOnce = new AtomicInteger();
        AtomicInteger heads = new AtomicInteger();
        ChunkStore flaky = new HealerTest.DelegatingChunkStore(cluster.chunks) {
            @Override
            public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
                List<VerifyOutcome> outcomes = new ArrayList<>();
                for (VerifyOutcome o : super.verifyAll(node, chunkIds)) {
                    if (node.id().equals(failsAlone.nodeId()) && o.chunkId().equals(failsAlone.chunkId()) && failedOnce.getAndIncrement() == 0) {
                        o = VerifyOutcome.failed(o.chunkId(), io.hybridstore.common.error.ErrorCode.INTERNAL); // a disk error on the node
                    } else if (node.id().equals(headFails.nodeId()) && o.result() == VerifyResult.OK) {
                        o = VerifyOutcome.checked(o.chunkId(), VerifyResult.OK, null); // a node that predates the batched verify
                    }
                    outcomes.add(o);
                }
                return outcomes;
            }

            @Override
            public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
                if (node.id().equals(headFails.nodeId()) && chunkId.equals(headFails.chunkId()) && heads.getAndIncrement() == 0) {
                    throw new IllegalStateException("an answer the adapter cannot read");
                }
                return super.head(node, chunkId);
            }
        };
        Scrubber scrubber = new Scrubber(cluster.metadata, flaky, 10, (bytes, chunks) -> { });

        // 30 copies: the blob, obj-000 and obj-001.
        Scrubber.Findings first = scrubber.scrub(live(), 30, () -> true);
        assertEquals(28, first.checked(), "the two copies whose check failed are not counted as checked");
        assertEquals(2, first.unchecked());
        assertEquals(ChunkHealth.UNREACHABLE, first.facts().of(headFails), "a failed HEAD is not OK");
        assertEquals(ChunkHealth.UNREACHABLE, first.facts().of(failsAlone), "FAILED is not OK");
        assertEquals(ChunkHealth.OK, first.facts().of(cluster.get("obj-000").hot().replicas().get(1)), "its neighbours were checked");
        assertEquals(List.of(), first.damagedKeys(), "not checked is not damaged either: nothing to repair");

        // The next pass checks the blob and obj-000 again first (21 copies), then goes on at obj-002.
        Scrubber.Findings second = scrubber.scrub(live(), 30, () -> true);
        assertEquals(2, failedOnce.get(), "the copy the node failed to check was verified again");
        assertEquals(2, heads.get(), "the shard whose HEAD threw was checked again");
        assertEquals(ChunkHealth.OK, second.facts().of(headFails));
        assertEquals(ChunkHealth.OK, second.facts().of(failsAlone));
        assertEquals(30, second.checked());
        assertEquals(0, second.unchecked());
        assertEquals(ChunkHealth.OK, second.facts().of(cluster.get("obj-002").hot().replicas().get(0)), "the cursor went on");
        assertEquals(ChunkHealth.UNREACHABLE, second.facts().of(cluster.get("obj-001").hot().replicas().get(0)),
                "obj-001 was fully checked on the first pass: not visited again (no fact about it)");
    }

    @Test
    void aRequestThatFailsLeavesEveryCopyItCarriedUncheckedAndTheirObjectsOwed() throws Exception {
        String failing = cluster.get("obj-000").hot().replicas().get(0).nodeId();
        AtomicInteger requestsToIt = new AtomicInteger();
        ChunkStore flaky = new HealerTest.DelegatingChunkStore(cluster.chunks) {
            @Override
            public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
                if (node.id().equals(failing) && requestsToIt.getAndIncrement() == 0) {
                    throw new IllegalStateException("a bug in the adapter");
                }
                return super.verifyAll(node, chunkIds);
            }
        };
        Scrubber scrubber = new Scrubber(cluster.metadata, flaky, 10, (bytes, chunks) -> { });
        List<ChunkLocation> onIt = Stream.of("b-stripes", "obj-000", "obj-001").flatMap(k -> Auditor.locations(cluster.get(k)).stream())
                .filter(l -> l.nodeId().equals(failing)).toList();

        Scrubber.Findings first = scrubber.scrub(live(), 30, () -> true);
        assertEquals(onIt.size(), first.unchecked(), "every copy of the failed request");
        assertEquals(30 - onIt.size(), first.checked());
        onIt.forEach(l -> assertEquals(ChunkHealth.UNREACHABLE, first.facts().of(l), l.toString()));
        assertEquals(List.of(), first.damagedKeys());
        assertEquals(1, requestsToIt.get(), "one request carried them all");

        Scrubber.Findings second = scrubber.scrub(live(), 30, () -> true);
        assertEquals(0, second.unchecked());
        onIt.forEach(l -> assertEquals(ChunkHealth.OK, second.facts().of(l), "checked again first: " + l));
        assertTrue(second.checked() >= 30, "the objects owed a check, then the cursor's: " + second.checked());
    }

    private Map<String, NodeInfo> live() {
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        cluster.nodes.liveNodes().forEach(n -> live.put(n.id(), n));
        return live;
    }
}
