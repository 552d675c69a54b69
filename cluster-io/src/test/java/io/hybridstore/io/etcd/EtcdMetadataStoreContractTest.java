package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
