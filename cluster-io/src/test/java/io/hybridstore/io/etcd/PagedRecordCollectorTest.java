package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.repair.Healer;
import io.hybridstore.common.repair.HealerSettings;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The healer's collector over a record whose stripes are in pages, with the real etcd store: every
 * shard the pages name is a reference, so the collector keeps them all and deletes only the orphan.
 * (A store that handed the healer the head without its stripes would let it delete the whole object.)
 */
class PagedRecordCollectorTest {

    private static EtcdServer server;
    private static EtcdConnection etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        server = EtcdServer.start(Files.createTempDirectory("etcd-collector"));
        // A generous bound: this test is about references, not timeouts, and a shared machine can be slow.
        etcd = EtcdConnection.connect(List.of(server.endpoint()), "/collector", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyShardAPagedRecordNamesIsKeptAndOnlyTheOrphanIsCollected() throws Exception {
        MetadataStore store = new EtcdMetadataStore(etcd);
        ObjectMetadata large = LargeRecords.multipart("many/parts.bin", 9, 600, System.currentTimeMillis());
        assertTrue(store.commitIfNewer(large));
        assertEquals(2, RecordCodec.layout(large).pages().size(), "1,200 stripes: a head and 2 pages in etcd");
        StaticNodeDirectory nodes = StaticNodeDirectory.of(8, 0);
        InMemoryChunkStore chunks = new InMemoryChunkStore();
        int shards = 0;
        for (ColdPart stripe : large.stripes()) {
            for (ChunkLocation shard : stripe.shards()) {
                chunks.put(node(nodes, shard.nodeId()), shard.chunkId(), new byte[] {1}, null);
                shards++;
            }
        }
        chunks.put(node(nodes, "node-1"), "s-abandoned-upload-0-4-2-0", new byte[] {2}, null);
        // Two hours on: every chunk is older than the one-hour grace, only references keep it.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        HealerSettings settings = new HealerSettings(10, 1000, 100, 1000, 4, 0, 0, Duration.ofHours(1), 100_000, 100_000, 1000,
                1L << 24, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10));
        HealerStats stats = new HealerStats("collector-test");

        new Healer(store, nodes, chunks, new HealerStateStore.InMemory(), stats, later, settings).runPass(() -> true);

        assertEquals(7_200, shards);
        int kept = 0;
        for (ColdPart stripe : large.stripes()) {
            for (ChunkLocation shard : stripe.shards()) {
                assertTrue(chunks.holds(shard.nodeId(), shard.chunkId()), shard.chunkId() + " on " + shard.nodeId());
                kept++;
            }
        }
        assertEquals(shards, kept);
        assertFalse(chunks.holds("node-1", "s-abandoned-upload-0-4-2-0"), "the orphan is collected");
        assertEquals(1, stats.snapshot().garbageDeleted());
        assertEquals(large, store.get("many/parts.bin").orElseThrow().metadata(), "the audit found every shard: nothing to repair");
    }

    private static NodeInfo node(StaticNodeDirectory nodes, String id) {
        return nodes.liveNodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
