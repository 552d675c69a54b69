package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every scrub verify takes the bytes the node re-reads from the healer's budget first. */
class ScrubPacingTest {

    @Test
    void eachVerifyAsksTheBudgetForTheSizeOfItsCopy() throws Exception {
        FakeCluster cluster = new FakeCluster(8);
        ObjectMetadata doc = cluster.write("doc");
        ObjectMetadata blob = cluster.writeStripedBlob("blob", 3);
        List<Long> asked = new ArrayList<>();
        Scrubber scrubber = new Scrubber(cluster.metadata, cluster.chunks, 10, asked::add);
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
        assertEquals(findings.checked(), asked.size(), "one budget request per verify");
        assertEquals(expected, asked.stream().mapToLong(Long::longValue).sum(), "the bytes the nodes re-read");
    }
}
