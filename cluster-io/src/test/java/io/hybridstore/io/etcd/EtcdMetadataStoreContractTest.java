package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.cluster.Ports;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The metadata contract against a real etcd (one server for the class), plus etcd-only behaviour. */
class EtcdMetadataStoreContractTest extends MetadataStoreContract {

    private static TestEtcd testEtcd;
    private static EtcdServer server;
    private static EtcdConnection etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        testEtcd = TestEtcd.start("/contract");
        server = testEtcd.server();
        etcd = testEtcd.connection();
    }

    @AfterAll
    static void stopEtcd() {
        if (testEtcd != null) {
            testEtcd.close();
        }
    }

    @Override
    protected MetadataStore newStore() {
        return new EtcdMetadataStore(etcd);
    }

    /** The record feed's contract on the same etcd. */
    @Nested
    class Feed extends MetadataFeedContract {
        @Override
        protected MetadataStore store() {
            return new EtcdMetadataStore(etcd);
        }

        @Override
        protected MetadataFeed feed() {
            return new EtcdMetadataFeed(etcd);
        }
    }

    @Test
    void prefixEndIsTheNextKeyAfterThePrefix() {
        assertEquals("/a/c", EtcdConnection.text(EtcdMetadataStore.prefixEnd("/a/b")));
        assertEquals("/a0", EtcdConnection.text(EtcdMetadataStore.prefixEnd("/a/")));
    }

    @Test
    void anotherPrefixIsInvisible() {
        try (EtcdConnection other = EtcdConnection.connect(List.of(server.endpoint()), "/other", Duration.ofSeconds(5))) {
            new EtcdMetadataStore(other).commitIfNewer(ObjectMetadata.tombstone("only-in-other", new Version(0, 1), 1, 1));
        }
        assertTrue(newStore().get("only-in-other").isEmpty());
        assertTrue(newStore().scan(null, 10_000).stream().noneMatch(s -> s.metadata().key().equals("only-in-other")));
    }

    @Test
    void anOldJsonRecordIsReadAndRewrittenCompactWhenNextWritten() throws Exception {
        ObjectMetadata old = ObjectMetadata.tombstone("json-era", new Version(0, 5), 1, 2);
        var kv = etcd.client().getKVClient();
        var key = EtcdConnection.bytes(etcd.keys().object("json-era"));
        kv.put(key, io.etcd.jetcd.ByteSequence.from(ModelJson.toBytes(old))).get();
        MetadataStore store = newStore();
        assertEquals(old, store.get("json-era").orElseThrow().metadata());
        ObjectMetadata next = ObjectMetadata.tombstone("json-era", new Version(0, 6), 1, 3);
        assertTrue(store.commitIfNewer(next));
        byte[] stored = kv.get(key).get().getKvs().get(0).getValue().getBytes();
        assertEquals(RecordCodec.COMPACT_V1, stored[0]);
        assertEquals(next, store.get("json-era").orElseThrow().metadata());
    }

    @Test
    void aLargeRecordsPagesAreStoredApartAndOnlyTheNamedOnesStay() throws Exception {
        MetadataStore store = newStore();
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
    void aWriteWhosePageWasDeletedBeforeItsCommitDoesNotCommit() throws Exception {
        // A commit needs each page it names to exist: a page swept between the put and the commit fails the guard.
        String k = "pages/swept";
        ObjectMetadata large = LargeRecords.multipart(k, 3, 600, 1_000);
        RecordCodec.Layout layout = RecordCodec.layout(large);
        var kv = etcd.client().getKVClient();
        EtcdStripePages pages = new EtcdStripePages(etcd);
        assertTrue(pages.putMissing(k, layout.pages(), Set.of()));
        kv.delete(EtcdConnection.bytes(etcd.keys().stripePage(k, layout.pages().get(0).id()))).get();
        var guard = new io.etcd.jetcd.op.Cmp(EtcdConnection.bytes(etcd.keys().object(k)), io.etcd.jetcd.op.Cmp.Op.EQUAL,
                io.etcd.jetcd.op.CmpTarget.createRevision(0));
        var response = kv.txn().If(guard, pages.exists(k, layout.pages().get(0).id()))
                .Then(io.etcd.jetcd.op.Op.put(EtcdConnection.bytes(etcd.keys().object(k)), io.etcd.jetcd.ByteSequence.from(layout.record()),
                        io.etcd.jetcd.options.PutOption.DEFAULT)).commit().get();
        assertFalse(response.isSucceeded());
        assertTrue(newStore().get(k).isEmpty());
        pages.sweep(k);
        assertEquals(Set.of(), pages.list(k), "the sweep deletes pages no record names");
    }

    @Test
    void unreachableEtcdIsARetryableFailureWithinTheTimeout() {
        String dead = "http://127.0.0.1:" + Ports.free();
        try (EtcdConnection down = EtcdConnection.connect(List.of(dead), "/contract", Duration.ofMillis(700))) {
            long start = System.nanoTime();
            StoreException e = assertThrows(StoreException.class,
                    () -> new EtcdMetadataStore(down).commitIfNewer(ObjectMetadata.tombstone("k", new Version(0, 1), 1, 1)));
            assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage()); // 503, whichever bound fired
            assertTrue(e.retryable(), e.code().toString());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos());
        }
    }
}
