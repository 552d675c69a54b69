package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.options.GetOption;
import io.hybridstore.cluster.Ports;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The metadata contract against a real etcd (one server for the class), plus etcd-only behaviour. */
class EtcdMetadataStoreContractTest extends MetadataStoreContract {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/contract");

    @Override
    protected MetadataStore newStore() {
        return new EtcdMetadataStore(ETCD.connection());
    }

    /** The record feed's contract on the same etcd. */
    @Nested
    class Feed extends MetadataFeedContract {
        @Override
        protected MetadataStore store() {
            return new EtcdMetadataStore(ETCD.connection());
        }

        @Override
        protected MetadataFeed feed() {
            return new EtcdMetadataFeed(ETCD.connection());
        }
    }

    @Test
    void theBenchmarkSwitchesLeaveOutTheIndexEntriesAndTheUsageDeltaAndNothingElse() throws Exception {
        // a prefix of its own: the shared one's usage deltas are folded away by other tests' stores meanwhile
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(ETCD.server().endpoint()), "/switches-" + System.nanoTime(),
                Duration.ofSeconds(5))) {
            countWithSwitches(etcd);
        }
    }

    private static void countWithSwitches(EtcdConnection etcd) {
        var kv = etcd.client().getKVClient();
        ToLongFunction<String> count = prefix -> {
            try {
                return kv.get(EtcdConnection.bytes(prefix), GetOption.builder().isPrefix(true).withCountOnly(true)
                        .build()).get().getCount();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        long entries = count.applyAsLong(etcd.keys().indexPrefix());
        long deltas = count.applyAsLong(etcd.keys().usageDeltasPrefix());
        MetadataStore bare = new EtcdMetadataStore(etcd, new EtcdMetadataStore.Writes(false, false, false));
        HotPart hot = new io.hybridstore.common.model.HotPart("ab", 2,
                List.of(new io.hybridstore.common.model.ChunkLocation(0, "node-1", "h-ab", 1)));
        ObjectMetadata doc = new ObjectMetadata("switched-off", new Version(0, 1), ObjectState.CLEAN,
                List.of("a"), hot, null, List.of(), List.of(), 1, 1);
        assertTrue(bare.commitIfNewer(doc));
        assertEquals(doc, bare.get("switched-off").orElseThrow().metadata());
        assertEquals(entries, count.applyAsLong(etcd.keys().indexPrefix()), "no index entry written");
        assertEquals(deltas, count.applyAsLong(etcd.keys().usageDeltasPrefix()), "no usage delta written");
        ObjectMetadata same = new ObjectMetadata("switched-on", new Version(0, 2), ObjectState.CLEAN,
                List.of("a"), hot, null, List.of(), List.of(), 1, 1);
        assertTrue(new EtcdMetadataStore(etcd, EtcdMetadataStore.Writes.ALL).commitIfNewer(same));
        assertEquals(entries + 3, count.applyAsLong(etcd.keys().indexPrefix()), "kind, size, modified (clean and JSON: no state, no type)");
        assertEquals(deltas + 1, count.applyAsLong(etcd.keys().usageDeltasPrefix()));
    }

    /**
     * A first page (no cursor) aims by the hint stored under {@code {prefix}/starts/}: a new store (a gateway just
     * started) reads it from etcd. Planted here on a key in the middle, and then outside the prefix: the pages stay
     * what one range read returns, keys before the hint included (RangeStartsTest has the cost).
     */
    @Test
    void aFirstPageReadsTheStoredHintAndStaysExactWhateverItSays() throws Exception {
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(ETCD.server().endpoint()), "/starts-" + System.nanoTime(),
                Duration.ofSeconds(5))) {
            MetadataStore store = new EtcdMetadataStore(etcd);
            for (String key : List.of("p/a", "p/b", "p/c", "p/d", "q/e")) {
                assertTrue(store.commitIfNewer(ObjectMetadata.tombstone(key, new Version(0, 1), 1, 1)));
            }
            var kv = etcd.client().getKVClient();
            String hintKey = etcd.keys().rangeStart(etcd.keys().objectsPrefix() + "p/");
            assertEquals("/starts/objects/p/", hintKey.substring(hintKey.indexOf("/starts/")));
            for (String hint : List.of("p/c", "q/e", "p/zz", "p/")) {
                kv.put(EtcdConnection.bytes(hintKey), EtcdConnection.bytes(etcd.keys().object(hint))).get();
                MetadataStore gateway = new EtcdMetadataStore(etcd);
                for (int limit : new int[] {1, 2, 3, 10}) {
                    assertEquals(List.of("p/a", "p/b", "p/c", "p/d").subList(0, Math.min(4, limit)),
                            gateway.scan("p/", io.hybridstore.common.catalogue.ScanStart.at("p/"), limit).stream()
                                    .map(st -> st.metadata().key()).toList(), "hint " + hint + ", limit " + limit);
                }
            }
        }
    }

    @Test
    void prefixEndIsTheNextKeyAfterThePrefix() {
        assertEquals("/a/c", EtcdConnection.text(EtcdMetadataStore.prefixEnd("/a/b")));
        assertEquals("/a0", EtcdConnection.text(EtcdMetadataStore.prefixEnd("/a/")));
    }

    @Test
    void anotherPrefixIsInvisible() {
        try (EtcdConnection other = EtcdConnection.connect(List.of(ETCD.server().endpoint()), "/other", Duration.ofSeconds(5))) {
            new EtcdMetadataStore(other).commitIfNewer(ObjectMetadata.tombstone("only-in-other", new Version(0, 1), 1, 1));
        }
        assertTrue(newStore().get("only-in-other").isEmpty());
        assertTrue(newStore().scan(null, 10_000).stream().noneMatch(s -> s.metadata().key().equals("only-in-other")));
    }

    @Test
    void anOldJsonRecordIsReadAndRewrittenCompactWhenNextWritten() throws Exception {
        ObjectMetadata old = ObjectMetadata.tombstone("json-era", new Version(0, 5), 1, 2);
        EtcdConnection etcd = ETCD.connection();
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
