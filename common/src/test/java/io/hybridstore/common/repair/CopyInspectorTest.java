package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code hybridstore inspect} reports for each copy, on the in-memory fakes. */
class CopyInspectorTest {

    private final FakeCluster cluster = new FakeCluster(8);
    private final CopyInspector inspector = new CopyInspector(cluster.chunks);

    private Map<String, NodeInfo> live() {
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        cluster.nodes.liveNodes().forEach(n -> live.put(n.id(), n));
        return live;
    }

    @Test
    void aFullyStoredDocumentShowsThreeReplicasAndSixShardsAllHealthy() throws Exception {
        ObjectMetadata doc = cluster.write("doc-1");

        CopyInspector.Inspection found = inspector.inspect(doc, live());

        assertEquals("document", found.kind());
        assertEquals("CLEAN", found.state());
        assertEquals(9, found.copies().size());
        assertEquals(3, found.copies().stream().filter(c -> c.part().equals("hot")).count());
        assertEquals(6, found.copies().stream().filter(c -> c.part().equals("cold")).count());
        assertEquals(new CopyInspector.Summary(9, 9, 0, 0, 0), found.summary());
        assertTrue(found.copies().stream().allMatch(c -> c.nodeLive() && c.stored() && c.detail() == null));
    }

    @Test
    void eachKindOfDamageIsToldApart() throws Exception {
        ObjectMetadata doc = cluster.write("doc-2");
        // node-8 is SIGKILLed (no lease); node-7 keeps its lease but answers nothing.
        cluster.kill("node-8");
        cluster.chunks.setDown("node-7", true);
        List<ChunkLocation> elsewhere = doc.cold().shards().stream()
                .filter(s -> !s.nodeId().equals("node-7") && !s.nodeId().equals("node-8")).toList();
        ChunkLocation lost = elsewhere.get(0);
        ChunkLocation corrupt = elsewhere.get(1);
        cluster.chunks.lose(lost.nodeId(), lost.chunkId());
        cluster.chunks.corrupt(corrupt.nodeId(), corrupt.chunkId());
        List<ChunkLocation> all = Auditor.locations(doc);
        int onDead = (int) all.stream().filter(l -> l.nodeId().equals("node-8")).count();
        int onSilent = (int) all.stream().filter(l -> l.nodeId().equals("node-7")).count();

        CopyInspector.Inspection found = inspector.inspect(doc, live());

        assertEquals(new CopyInspector.Summary(9, 9 - onDead - onSilent - 2, onDead + 1, 1, onSilent), found.summary());
        for (CopyInspector.Copy c : found.copies()) {
            if (c.nodeId().equals("node-8")) {
                assertFalse(c.nodeLive());
                assertEquals(Boolean.FALSE, c.present());
            } else if (c.nodeId().equals("node-7")) {
                assertTrue(c.nodeLive());
                assertNull(c.present(), "a node that does not answer leaves the copy unknown, not missing");
            }
        }
        assertEquals(Boolean.FALSE, find(found, lost, "cold").present());
        CopyInspector.Copy bad = find(found, corrupt, "cold");
        assertEquals(Boolean.TRUE, bad.present());
        assertEquals(Boolean.FALSE, bad.checksumOk());
    }

    @Test
    void aBlobStripeShardHoldingOtherBytesFailsItsRecordedCrc() throws Exception {
        ObjectMetadata blob = cluster.writeStripedBlob("blob-1", 3);
        ChunkLocation shard = blob.stripes().get(2).shards().get(0);
        NodeInfo node = live().get(shard.nodeId());
        cluster.chunks.put(node, shard.chunkId(), new byte[] {1, 2, 3}, null); // right name, other bytes

        CopyInspector.Inspection found = inspector.inspect(blob, live());

        assertEquals("blob", found.kind());
        assertEquals(18, found.copies().size(), "3 stripes of 6 shards");
        CopyInspector.Copy replaced = find(found, shard, "stripe-2");
        assertEquals(Boolean.TRUE, replaced.present());
        assertEquals(Boolean.FALSE, replaced.checksumOk());
        assertEquals(new CopyInspector.Summary(18, 17, 0, 1, 0), found.summary());
    }

    private static CopyInspector.Copy find(CopyInspector.Inspection found, ChunkLocation at, String part) {
        return found.copies().stream()
                .filter(c -> c.part().equals(part) && c.index() == at.index() && c.nodeId().equals(at.nodeId()))
                .findFirst().orElseThrow(() -> new AssertionError(part + " " + at + " not in " + found.copies()));
    }
}
