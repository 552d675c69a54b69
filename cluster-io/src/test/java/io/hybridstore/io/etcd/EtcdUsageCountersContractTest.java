package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.usage.UsageCodec;
import io.hybridstore.common.usage.UsageDelta;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage counters against a real etcd (one server for the class); and what only etcd's fold does, its cursor. */
class EtcdUsageCountersContractTest extends UsageCountersContract {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/usage-contract");

    /** The clock of the fold's full reads. */
    private final AtomicLong clock = new AtomicLong();

    private EtcdConnection connection;

    @Override
    protected Stores newStores() {
        connection = ETCD.connection();
        return new Stores(new EtcdMetadataStore(connection), new EtcdUsageStore(connection, clock::get), record -> connection.await(
                connection.client().getKVClient().put(EtcdConnection.bytes(connection.keys().object(record.key())),
                        ByteSequence.from(RecordCodec.encode(record))), "put an uncounted record"));
    }

    /**
     * A delta committed below its partition's fold cursor (less the margin: here a write of offset 10
     * after one of 100,000 was folded) is not read by the folds that follow, is counted by a report
     * all along, and is folded by the next full read; another partition's deltas are read whole.
     */
    @Test
    void aDeltaCommittedBelowTheCursorIsCountedAndFoldedByTheNextFullRead() {
        while (usage.fold(1_000) > 0) {
            // the first read is a full one: whatever other tests left
        }
        assertTrue(store.commitIfNewer(doc("ahead", new Version(0, 100_000), ObjectState.CLEAN, "hot-ahead")));
        assertEquals(1, usage.fold(1_000));
        assertTrue(store.commitIfNewer(doc("late", new Version(0, 10), ObjectState.CLEAN, "hot-late")));
        Map<String, Long> both = counts(CLEAN_OBJECTS, 2, CLEAN_BYTES, 94, PHYSICAL, 180);
        assertEquals(both, usage.usage(ns).values(), "unfolded, counted");
        assertEquals(0, usage.fold(1_000), "below partition 0's cursor: skipped");
        assertTrue(store.commitIfNewer(doc("other", new Version(1, 5), ObjectState.CLEAN, "hot-other")));
        assertEquals(1, usage.fold(1_000), "partition 1 has no cursor: read whole");
        clock.addAndGet(DeltaCursor.FULL_EVERY.toNanos());
        assertEquals(1, usage.fold(1_000), "the full read finds the late one");
        assertEquals(0, usage.fold(1_000));
        assertEquals(counts(CLEAN_OBJECTS, 3, CLEAN_BYTES, 141, PHYSICAL, 270), usage.usage(ns).values(), "each counted once");
    }

    /**
     * A damaged delta (a format this version knows, bytes that do not read) is set aside by the fold,
     * never folded, and stops nothing: the deltas around it are folded, a report leaves it out; and a
     * delta as versions before the compact values wrote it (JSON) is read and folded as before.
     */
    @Test
    void aDamagedDeltaIsSetAsideAndTheDeltasAroundItAreFolded() {
        drain();
        ClusterKeys keys = connection.keys();
        assertTrue(store.commitIfNewer(doc("before", new Version(0, 200_001), ObjectState.CLEAN, "s-1")));
        String damaged = keys.usageDelta(new Version(0, 200_002), 0);
        byte[] garbage = {UsageCodec.COMPACT_V1, (byte) 0xff, 0x01};
        put(damaged, garbage);
        put(keys.usageDelta(new Version(0, 200_003), 0), ModelJson.toBytes(UsageDelta.between(null,
                doc("json", new Version(0, 200_003), ObjectState.CLEAN, "s-2"))));
        assertTrue(store.commitIfNewer(doc("after", new Version(0, 200_004), ObjectState.CLEAN, "s-3")));
        Map<String, Long> three = counts(CLEAN_OBJECTS, 3, CLEAN_BYTES, 141, PHYSICAL, 270);
        assertEquals(three, usage.usage(ns).values(), "the report leaves out what it cannot read");

        assertEquals(3, usage.fold(1_000), "the three readable deltas; the damaged one set aside");
        assertEquals(three, usage.usage(ns).values());
        assertEquals(List.of(), get(damaged), "no longer among the deltas");
        List<KeyValue> aside = get(keys.usageUnreadable(damaged));
        assertEquals(1, aside.size());
        assertArrayEquals(garbage, aside.get(0).getValue().getBytes(), "kept as it was, for an operator");
        assertEquals(0, usage.fold(1_000));
    }

    /**
     * A delta in a format this version does not know (a newer version's, in a rolling upgrade) is left
     * where it is for that version's folder: folded neither in part nor twice, left out of reports, and
     * a recount, which could not correct what it cannot read, refuses to run meanwhile.
     */
    @Test
    void aDeltaInANewerFormatIsLeftForANewerFolderAndARecountWaitsForIt() {
        drain();
        String newer = connection.keys().usageDelta(new Version(0, 300_001), 0);
        put(newer, new byte[] {0x07, 0x01, 0x02});
        try {
            assertTrue(store.commitIfNewer(doc("beside", new Version(0, 300_002), ObjectState.CLEAN, "n-1")));
            assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, PHYSICAL, 90), usage.usage(ns).values());
            assertEquals(1, usage.fold(1_000), "only the readable one");
            assertEquals(1, get(newer).size(), "left in place");
            assertEquals(ErrorCode.CONFLICT, assertThrows(StoreException.class, () -> usage.recount(ns)).code());
        } finally {
            connection.await(connection.client().getKVClient().delete(EtcdConnection.bytes(newer)), "delete " + newer);
        }
    }

    /**
     * A prefix's damaged totals fail its report (never a made-up figure) until a fold that touches the
     * prefix sets them aside; the folds of every other prefix go on meanwhile, and so does that one.
     */
    @Test
    void aDamagedTotalIsSetAsideByTheNextFoldThatTouchesIt() {
        assertTrue(store.commitIfNewer(doc("t/a", 1, ObjectState.CLEAN, "t-1")));
        drain();
        String totals = connection.keys().usageTotals(ns);
        put(totals, new byte[] {UsageCodec.COMPACT_V1, (byte) 0xff});
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> usage.usage(ns)).code());

        assertTrue(store.commitIfNewer(doc("t/b", 2, ObjectState.CLEAN, "t-2")));
        assertEquals(1, usage.fold(1_000), "folded, the damaged totals set aside");
        assertEquals(counts(CLEAN_OBJECTS, 1, CLEAN_BYTES, 47, PHYSICAL, 90), usage.usage(ns).values(),
                "counted from the set-aside on, until a recount of the whole store");
        assertEquals(1, get(connection.keys().usageUnreadable(totals)).size(), "kept for an operator");
    }

    private void drain() {
        while (usage.fold(1_000) > 0) {
            // what other tests left
        }
    }

    private void put(String key, byte[] value) {
        connection.await(connection.client().getKVClient().put(EtcdConnection.bytes(key), ByteSequence.from(value)), "put " + key);
    }

    private List<KeyValue> get(String key) {
        return connection.await(connection.client().getKVClient().get(EtcdConnection.bytes(key)), "get " + key).getKvs();
    }
}
