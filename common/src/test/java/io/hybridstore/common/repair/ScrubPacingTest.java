package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.repair.ScrubVerifier.Copy;
import io.hybridstore.common.spi.ChunkStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every scrub request takes the bytes its node re-reads from the healer's budget first. */
class ScrubPacingTest {

    @Test
    void eachRequestAsksTheBudgetForTheSizesOfItsCopiesBeforeItIsSent() throws Exception {
        FakeCluster cluster = new FakeCluster(8);
        ObjectMetadata doc = cluster.write("doc");
        ObjectMetadata blob = cluster.writeStripedBlob("blob", 3);
        List<String> events = new ArrayList<>();
        List<Long> asked = new ArrayList<>();
        ChunkStore recording = new HealerTest.DelegatingChunkStore(cluster.chunks) {
            @Override
            public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
                events.add("verify " + chunkIds.size());
                return super.verifyAll(node, chunkIds);
            }
        };
        List<Integer> askedChunks = new ArrayList<>();
        Scrubber scrubber = new Scrubber(cluster.metadata, recording, 10, (bytes, chunks) -> {
            asked.add(bytes);
            askedChunks.add(chunks);
            events.add("budget");
        });
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        cluster.nodes.liveNodes().forEach(n -> live.put(n.id(), n));

        Scrubber.Findings findings = scrubber.scrub(live, 1000, () -> true);

        long expected = 0;
        for (ObjectMetadata m : List.of(blob, doc)) { // the scan's key order
            expected += m.hot() == null ? 0 : (long) m.hot().replicas().size() * m.hot().size();
            for (ColdPart part : m.codedParts()) {
                expected += (long) part.shards().size() * part.shardSize();
            }
        }
        assertEquals(3 + 6 + 3 * 6, findings.checked(), "3 replicas + 6 shards, and 6 shards of each of 3 stripes");
        assertEquals(expected, asked.stream().mapToLong(Long::longValue).sum(), "the bytes the nodes re-read");
        assertEquals(findings.checked(), askedChunks.stream().mapToInt(Integer::intValue).sum(), "each copy verified, one chunk");
        long nodes = java.util.stream.Stream.of(blob, doc).flatMap(m -> Auditor.locations(m).stream()).map(ChunkLocation::nodeId).distinct().count();
        assertEquals(nodes, asked.size(), "one budget request per verify request: one per node, the copies of both objects together");
        for (int i = 0; i < events.size(); i += 2) {
            assertEquals("budget", events.get(i), "the budget first: " + events);
            assertEquals(true, events.get(i + 1).startsWith("verify "), events.toString());
        }
        assertEquals(2 * nodes, events.size());
    }

    @Test
    void aNodesCopiesAreCutIntoRequestsOfAtMostEightMebibytesALargerOneAlone() {
        NodeInfo node = new NodeInfo("n", "http://n", "", 0, 0, 0, 0, "test");
        long mib = 1 << 20;
        long[] sizes = {3 * mib, 3 * mib, 3 * mib, 20 * mib, 1, 8 * mib, 0, 2 * mib};
        List<Copy> copies = IntStream.range(0, sizes.length)
                .mapToObj(i -> new Copy(node, new ChunkLocation(i, "n", "c" + i, 0), sizes[i], null)).toList();

        List<List<Copy>> requests = ScrubVerifier.requests(copies);

        assertEquals(List.of(List.of(0, 1), List.of(2), List.of(3), List.of(4), List.of(5, 6), List.of(7)),
                requests.stream().map(r -> r.stream().map(c -> c.location().index()).toList()).toList());
        requests.stream().filter(r -> r.size() > 1)
                .forEach(r -> assertEquals(true, r.stream().mapToLong(Copy::bytes).sum() <= ScrubVerifier.REQUEST_BYTES, r.toString()));
        assertEquals(List.of(), ScrubVerifier.requests(List.of()));
    }
}
