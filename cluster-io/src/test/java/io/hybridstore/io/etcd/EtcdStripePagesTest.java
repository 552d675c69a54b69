package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.repair.Healer;
import io.hybridstore.common.repair.HealerSettings;
import io.hybridstore.common.repair.HealerStateStore;
import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.repair.PageSweeper;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.spi.memory.ManualTimeSource.ManualClock;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records whose stripes are in pages, in a real etcd: where the pages live, which of them stay, and
 * the healer's collector over such a record (the store's contract is in MetadataStoreContract).
 */
class EtcdStripePagesTest {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/pages");

    private static EtcdConnection etcd;

    @BeforeAll
    static void connect() {
        // A generous bound: these tests are about pages and references, not timeouts, and a shared machine can be slow.
        etcd = ETCD.connect("/pages", Duration.ofSeconds(30));
    }

    @Test
    void aLargeRecordsPagesAreStoredApartAndOnlyTheNamedOnesStay() throws Exception {
        MetadataStore store = new EtcdMetadataStore(etcd);
        String k = "pages/large";
        ObjectMetadata large = LargeRecords.multipart(k, 7, 1_500, 1_000);
        assertTrue(store.commitIfNewer(large));
        byte[] head = etcd.client().getKVClient().get(EtcdConnection.bytes(etcd.keys().object(k))).get().getKvs().get(0).getValue().getBytes();
        assertEquals(RecordCodec.PAGED_V1, head[0]);
        assertTrue(head.length < 1_000, "the record holds no stripe: " + head.length + " B");
        EtcdStripePages pages = new EtcdStripePages(etcd);
        Set<String> first = pages.list(k);
        assertEquals(3, first.size(), "3,000 stripes in pages of 1,024");

        MetadataStore.Stored stored = store.get(k).orElseThrow();
        assertTrue(store.compareAndSet(LargeRecords.moved(large, 2_100, 4, "node-9", 2_000), stored));
        Set<String> repaired = pages.list(k);
        assertEquals(3, repaired.size(), "the replaced page is deleted in the repair's transaction");
        assertEquals(2, repaired.stream().filter(first::contains).count(), "one shard moved: one page rewritten");

        assertFalse(store.commitIfNewer(LargeRecords.multipart(k, 6, 1_400, 3_000)), "an older write loses");
        assertEquals(repaired, pages.list(k), "without leaving its pages behind");
        assertTrue(store.commitIfNewer(ObjectMetadata.tombstone(k, new Version(0, 8), 1_000, 4_000)));
        assertEquals(Set.of(), pages.list(k), "a delete takes the pages in its transaction");
    }

    @Test
    void aCommitWhosePageWasDeletedAfterItsPutFailsAndTheSweepLeavesNothing() throws Exception {
        // A commit needs each page it names to exist: a page swept between the put and the commit fails the guard.
        String k = "pages/swept";
        RecordCodec.Layout layout = RecordCodec.layout(LargeRecords.multipart(k, 3, 600, 1_000));
        KV kv = etcd.client().getKVClient();
        EtcdStripePages pages = new EtcdStripePages(etcd);
        assertTrue(pages.putMissing(k, layout.pages(), Set.of()));
        String first = layout.pages().get(0).id();
        kv.delete(EtcdConnection.bytes(etcd.keys().stripePage(k, first))).get();
        Cmp absent = new Cmp(EtcdConnection.bytes(etcd.keys().object(k)), Cmp.Op.EQUAL, CmpTarget.createRevision(0));
        boolean committed = kv.txn().If(absent, pages.exists(k, first))
                .Then(Op.put(EtcdConnection.bytes(etcd.keys().object(k)), ByteSequence.from(layout.record()), PutOption.DEFAULT))
                .commit().get().isSucceeded();
        assertFalse(committed);
        assertTrue(new EtcdMetadataStore(etcd).get(k).isEmpty());
        pages.sweep(k);
        assertEquals(Set.of(), pages.list(k), "the sweep deletes the pages no record names");
    }

    /**
     * The healer leader's page sweep: pages of a writer that died before its commit (of a key with no
     * record, and of a rewrite of a paged record) go once older than the grace; a record's own stay.
     */
    @Test
    void theHealersPageSweepRemovesOnlyPagesNoRecordNamesOnceOlderThanTheGrace() throws Exception {
        MetadataStore store = new EtcdMetadataStore(etcd);
        EtcdStripePages pages = new EtcdStripePages(etcd);
        String dead = "orphans/never-committed";
        RecordCodec.Layout lost = RecordCodec.layout(LargeRecords.multipart(dead, 3, 1_200, 1_000));
        assertTrue(pages.putMissing(dead, lost.pages(), Set.of()), "a writer put its pages and died");
        String kept = "orphans/committed";
        ObjectMetadata large = LargeRecords.multipart(kept, 7, 1_200, 1_000);
        assertTrue(store.commitIfNewer(large));
        Set<String> named = pages.list(kept);
        assertTrue(pages.putMissing(kept, RecordCodec.layout(LargeRecords.multipart(kept, 8, 1_200, 2_000)).pages(), named),
                "a rewrite put its pages and died");
        int leftOver = pages.list(kept).size() - named.size();
        assertEquals(List.of(kept, dead), orphanOwners(store));
        ManualClock clock = new ManualTimeSource(System.currentTimeMillis()).clock();
        PageSweeper sweeper = new PageSweeper(store, clock, Duration.ofHours(1), 100);

        assertEquals(0, sweeper.sweep(), "put just now: perhaps by a write about to commit");
        clock.advance(Duration.ofHours(2));
        int deleted = sweeper.sweep();

        assertEquals(Set.of(), pages.list(dead));
        assertEquals(named, pages.list(kept), "the record's own pages stay");
        assertEquals(List.of(3, 3), List.of(lost.pages().size(), leftOver), "3,600 stripes: 3 pages each");
        assertEquals(6, deleted);
        assertEquals(large, store.get(kept).orElseThrow().metadata());
        assertEquals(List.of(kept), orphanOwners(store), "the dead key's owner mark went with its pages");
        assertEquals(0, sweeper.sweep());
    }

    private static List<String> orphanOwners(MetadataStore store) {
        return store.pageOwners(null, 1000).stream().map(MetadataStore.PageOwner::key).filter(k -> k.startsWith("orphans/")).sorted()
                .toList();
    }

    /**
     * The healer's pass, collector included, over a paged record: every shard the pages name is a
     * reference, so the collector keeps them all and deletes only the orphan. (A store that handed the
     * healer the head without its stripes would let it delete the whole object.)
     */
    @Test
    void theCollectorKeepsEveryShardAPagedRecordNamesAndTakesOnlyTheOrphan() throws Exception {
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
                1L << 24, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
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
