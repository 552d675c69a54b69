package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The healer's passes with the scan's rest on ({@code scanCycleMin} 10 minutes, a pass every 30 s of
 * the fake clock): what a healthy store no longer costs, and what is still found as fast as before.
 */
class ScanRestTest {

    private static final BooleanSupplier LEADER = () -> true;
    private static final Duration PASS = Duration.ofSeconds(30);
    private final FakeCluster cluster = new FakeCluster(8);
    private final HealerStats stats = new HealerStats("healer-test");
    private final Healer healer = cluster.healer(stats, new HealerSettings(10, 1000, 100, 100, 4, 0, 0, Duration.ofHours(1),
            1000, 1000, 50, 1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(10)));

    private List<String> writeObjects(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(String.format("obj-%03d", i));
            cluster.write(keys.get(i));
        }
        return keys;
    }

    /** Records the scan pages (and the other batches) looked at so far. */
    private long recordsLookedAt() {
        return stats.pageTotals().records();
    }

    private void pass() throws InterruptedException {
        cluster.clock.advance(PASS);
        healer.runPass(LEADER);
    }

    @Test
    void aHealthyStoreIsAuditedOnceEveryTenMinutesNotEveryPass() throws Exception {
        writeObjects(40);
        healer.runPass(LEADER);
        assertEquals(40, recordsLookedAt(), "the term's first cycle, at once");
        for (int i = 1; i < 20; i++) {
            pass();
        }
        assertEquals(40, recordsLookedAt(), "19 passes over 9.5 minutes, none read a record");
        assertEquals(19, stats.scanRests());
        pass();
        assertEquals(80, recordsLookedAt(), "ten minutes after the first cycle started, the second");
        assertEquals(40, stats.snapshot().healthy());
        pass();
        assertEquals(80, recordsLookedAt(), "and the scan rests again");
    }

    @Test
    void aCopyLostWithoutItsNodeChangingIsFoundByTheNextCycleWithinTheRest() throws Exception {
        List<String> keys = writeObjects(20);
        healer.runPass(LEADER);
        ChunkLocation shard = cluster.get("obj-007").cold().shards().get(2);
        cluster.chunks.lose(shard.nodeId(), shard.chunkId()); // a file removed by hand: the node keeps its lease
        int passes = 0;
        while (cluster.get("obj-007").cold().shards().get(2).nodeId().equals(shard.nodeId()) && passes < 40) {
            pass();
            passes++;
        }
        assertEquals(20, passes, "found by the cycle ten minutes after the first started, not before");
        keys.forEach(cluster::assertFullyRedundant);
    }

    @Test
    void aNodeRestartedUnderItsIdOnAnEmptyDiskStartsACycleAtTheNextPass() throws Exception {
        List<String> keys = writeObjects(30);
        healer.runPass(LEADER);
        pass();
        assertEquals(1, stats.scanRests());
        // node-3 comes back within its lease TTL, the same id, a new process, its chunks gone.
        for (String id : cluster.chunks.chunksOn("node-3")) {
            cluster.chunks.lose("node-3", id);
        }
        cluster.nodes.add(new NodeInfo("node-3", "mem://node-3", "", 1L << 40, 0, 0, 99, "test"));

        pass();
        assertEquals(1, stats.scanRests(), "no rest: another incarnation of node-3");
        keys.forEach(cluster::assertFullyRedundant);
        pass();
        assertEquals(2, stats.scanRests(), "that cycle left every object whole on these nodes: the scan rests again");
    }

    @Test
    void aNodeLostWhileTheScanRestsIsRepairedAtTheNextPass() throws Exception {
        List<String> keys = writeObjects(30);
        healer.runPass(LEADER);
        pass();
        cluster.kill("node-5");
        pass();
        keys.forEach(cluster::assertFullyRedundant);
        assertEquals(1, stats.scanRests());
    }

    @Test
    void anInProgressRecordNoGatewaySettledIsFinishedWithinItsGraceWhileTheScanRests() throws Exception {
        writeObjects(10);
        healer.runPass(LEADER);
        ObjectMetadata slow = cluster.write("slow", ObjectState.IN_PROGRESS); // its gateway died before it settled it
        ChunkLocation straggler = slow.cold().shards().get(4);
        cluster.chunks.lose(straggler.nodeId(), straggler.chunkId());
        for (int i = 0; i < 3; i++) {
            pass();
            assertEquals(ObjectState.IN_PROGRESS, cluster.get("slow").state(), "young: its gateway's, after " + (i + 1) + " passes");
        }
        pass(); // 2 minutes: as old as the grace
        cluster.assertFullyRedundant("slow");
        assertEquals(4, stats.scanRests(), "the scan rested throughout: the IN_PROGRESS index found it");
        assertFalse(cluster.metadata.indexEntries("state/in_progress/", io.hybridstore.common.catalogue.ScanStart.at("state/in_progress/"), 10)
                .contains("state/in_progress/slow"));
        assertTrue(recordsLookedAt() >= 11);
    }
}
