package io.hybridstore.gateway.write;

import static io.hybridstore.gateway.Fixture.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.read.PartCache;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WritePathTest {

    private final Fixture f = new Fixture();
    private static final String MIXED = "{\"name\":\"Ada\",\"age\":36,\"bio\":\"" + "x".repeat(400) + "\",\"tags\":[\"a\",\"b\"],\"ok\":true}";

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void cleanWriteStoresThreeReplicasAndSixShardsOnDistinctNodesAndReadsBackInOrder() {
        WriteResult result = f.write("user:1", MIXED);
        assertTrue(result.committed());
        assertEquals(ObjectState.CLEAN, result.state());
        ObjectMetadata m = f.meta("user:1");
        assertEquals(List.of("name", "age", "bio", "tags", "ok"), m.fieldOrder());
        assertEquals(3, m.hot().replicas().size());
        assertEquals(3, m.hot().replicas().stream().map(ChunkLocation::nodeId).distinct().count());
        assertEquals(6, m.cold().shards().size());
        assertEquals(6, m.cold().shards().stream().map(ChunkLocation::nodeId).distinct().count());
        assertTrue(m.cold().shards().stream().allMatch(ChunkLocation::stored));
        for (ChunkLocation shard : m.cold().shards()) {
            assertTrue(f.chunks.holds(shard.nodeId(), shard.chunkId()));
        }
        assertEquals(doc(MIXED), f.read("user:1"));
        assertEquals(List.of("name", "age", "bio", "tags", "ok"), names(f.read("user:1")));
    }

    @Test
    void walFirstThenVersionIsTheLogPosition() {
        WriteResult result = f.write("k", "{\"a\":1}");
        List<io.hybridstore.common.spi.memory.InMemoryWriteAheadLog.Entry> entries = f.wal.entries();
        assertEquals(1, entries.size());
        assertEquals(result.version(), entries.get(0).version());
        WalRecord record = WalRecord.fromBytes(entries.get(0).payload());
        assertEquals(WalRecord.Op.put, record.op());
        assertEquals(doc("{\"a\":1}"), record.value());
    }

    @Test
    void walDownMeansNothingElseHappens() {
        f.wal.setAvailable(false);
        StoreException e = assertThrows(StoreException.class, () -> f.write("k", MIXED));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(0, f.chunks.putCount());
        assertTrue(f.metadata.get("k").isEmpty());
    }

    @Test
    void onlyHotOnlyColdAndEmptyObjects() {
        f.write("hot", "{\"a\":1,\"b\":\"s\"}");
        assertNull(f.meta("hot").cold());
        f.write("cold", "{\"a\":[1,2,3]}");
        assertNull(f.meta("cold").hot());
        f.write("empty", "{}");
        assertNull(f.meta("empty").hot());
        assertNull(f.meta("empty").cold());
        assertEquals(ObjectState.CLEAN, f.meta("empty").state());
        assertEquals(doc("{\"a\":1,\"b\":\"s\"}"), f.read("hot"));
        assertEquals(doc("{\"a\":[1,2,3]}"), f.read("cold"));
        assertEquals(doc("{}"), f.read("empty"));
    }

    @Test
    void unchangedPartsAreNotWrittenAgain() {
        f.write("k", MIXED);
        long puts = f.chunks.putCount();
        WriteResult again = f.write("k", MIXED.replace("\"name\":\"Ada\",\"age\":36", "\"age\":36,\"name\":\"Ada\""));
        assertEquals(List.of("hot", "cold"), again.dedup());
        assertEquals(puts, f.chunks.putCount(), "no node write at all");
        WriteResult hotChanged = f.write("k", MIXED.replace("36", "37"));
        assertEquals(List.of("cold"), hotChanged.dedup());
        assertEquals(puts + 3, f.chunks.putCount(), "only the three hot replicas");
        assertEquals(f.meta("k").version(), hotChanged.version());
        assertEquals(37, f.read("k").get("age").intValue());
    }

    @Test
    void equalColdPartsUnderDifferentKeysShareChunkIds() {
        f.write("a", MIXED);
        f.write("b", MIXED.replace("Ada", "Bob"));
        assertEquals(ids(f.meta("a")), ids(f.meta("b")));
    }

    @Test
    void twoNodesDownIsReadableButDirtyAndListsWhatIsMissing() {
        f.write("probe", MIXED); // equal content is placed alike: learn where it goes
        ObjectMetadata placed = f.meta("probe");
        Set<String> down = new HashSet<>(List.of(placed.cold().shards().get(0).nodeId(), placed.cold().shards().get(5).nodeId()));
        down.forEach(n -> f.chunks.setDown(n, true));
        WriteResult result = f.write("dirty", MIXED);
        ObjectMetadata m = f.meta("dirty");
        assertTrue(result.missing().size() >= 2, result.missing().toString());
        assertEquals(ObjectState.DIRTY, result.state());
        assertTrue(result.committed());
        assertTrue(f.metadata.dirty(10).stream().anyMatch(d -> d.key().equals("dirty")));
        assertTrue(down.containsAll(m.failedNodes()), m.failedNodes().toString());
        assertFalse(m.failedNodes().isEmpty());
        assertEquals(4, m.cold().shards().stream().filter(ChunkLocation::stored).count());
        assertEquals(doc(MIXED), f.read("dirty"));
    }

    @Test
    void mostNodesDownIsUnavailableAndNothingIsCommitted() {
        f.write("k", "{\"a\":1}");
        Version before = f.meta("k").version();
        for (int i = 1; i <= 6; i++) {
            f.chunks.setDown("node-" + i, true);
        }
        StoreException e = assertThrows(StoreException.class, () -> f.write("k", MIXED.replace("xxx", "zzz")));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(before, f.meta("k").version(), "the previous version stays current");
        assertEquals(2, f.wal.entries().size(), "the write is in the WAL for the replay");
    }

    @Test
    void fewerLiveNodesThanCopiesLandsWhereItCanAndIsDirty() {
        for (int i = 6; i <= 8; i++) {
            f.nodes.remove("node-" + i);
        }
        WriteResult result = f.write("k", MIXED);
        assertEquals(ObjectState.DIRTY, result.state());
        assertEquals(6, f.meta("k").cold().shards().size(), "the shard no node took is listed too");
        assertEquals(5, f.meta("k").cold().shards().stream().filter(ChunkLocation::placed).count());
        assertEquals(1, result.missing().stream().filter(m -> m.node() == null).count());
        assertEquals(doc(MIXED), f.read("k"));
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOne() {
        Version newer = new Version(0, 10);
        assertTrue(f.writer.apply("k", doc("{\"v\":2}"), newer, new Timings()).committed());
        WriteResult older = f.writer.apply("k", doc("{\"v\":1}"), new Version(0, 3), new Timings());
        assertFalse(older.committed());
        assertEquals(newer, f.meta("k").version());
        assertEquals(2, f.read("k").get("v").intValue());
    }

    @Test
    void theSameVersionAppliedTwiceIsCommittedOnceAndReportedAsCommittedBothTimes() {
        // The replay and a slow live request can both run steps 3-8 for one record.
        Version v = new Version(0, 4);
        assertTrue(f.writer.apply("k", doc(MIXED), v, new Timings()).committed());
        long revision = f.metadata.get("k").orElseThrow().revision();
        WriteResult again = f.writer.apply("k", doc(MIXED), v, new Timings());
        assertTrue(again.committed());
        assertEquals(ObjectState.CLEAN, again.state());
        assertEquals(revision, f.metadata.get("k").orElseThrow().revision(), "not rewritten");
    }

    @Test
    void deleteLeavesATombstoneAndReadsAre404() {
        f.write("k", MIXED);
        WriteResult deleted = f.writes.delete("k", false, new Timings());
        assertEquals(ObjectState.DELETED, deleted.state());
        assertTrue(f.meta("k").deleted());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> f.read("k")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> f.writes.delete("k", false, new Timings())).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> f.read("never")).code());
        f.write("k", "{\"again\":true}");
        assertEquals(doc("{\"again\":true}"), f.read("k"));
    }

    @Test
    void metricsCountDedupAndAccepted() {
        f.write("k", MIXED);
        f.write("k", MIXED);
        assertEquals(1.0, f.registry.get("hybridstore.gateway.dedup.hits").tag("part", "cold").counter().count());
        assertTrue(f.registry.get("hybridstore.gateway.phase").tag("phase", "wal").timer().count() >= 2);
    }

    private static Set<String> ids(ObjectMetadata m) {
        Set<String> ids = new HashSet<>();
        m.cold().shards().forEach(s -> ids.add(s.nodeId() + "/" + s.chunkId()));
        return ids;
    }

    private static List<String> names(com.fasterxml.jackson.databind.node.ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void copiesNoNodeWasLiveForAreListedUnplacedSoTheHealerCanPlaceThem() {
        try (Fixture few = new Fixture()) {
            for (int n = 5; n <= 8; n++) {
                few.nodes.remove("node-" + n);
            }
            WriteResult result = few.write("short", MIXED);
            assertEquals(ObjectState.DIRTY, result.state(), "4 live nodes: readable, not complete");
            ObjectMetadata m = few.meta("short");
            assertEquals(6, m.cold().shards().size(), "all 6 shards listed");
            assertEquals(List.of(4, 5), m.cold().shards().stream().filter(l -> !l.placed()).map(ChunkLocation::index).toList());
            assertEquals(3, m.hot().replicas().stream().filter(ChunkLocation::placed).count());
            assertEquals(2, result.missing().stream().filter(x -> x.error().equals("NO_NODE")).count());
            assertEquals(doc(MIXED), few.read("short"));
        }
    }

    @Test
    void fullNodesGetNoNewCopies() {
        for (String full : List.of("node-2", "node-5")) {
            f.nodes.add(new io.hybridstore.common.model.NodeInfo(full, "mem://" + full, "", 1L << 30, 1L << 30, 9, 0, "test"));
        }
        int checked = 0;
        for (int i = 0; i < 20; i++) {
            WriteResult result = f.write("k" + i, MIXED);
            assertEquals(ObjectState.CLEAN, result.state(), "6 nodes with room are enough");
            ObjectMetadata m = f.meta("k" + i);
            java.util.stream.Stream.concat(m.hot().replicas().stream(), m.cold().shards().stream())
                    .forEach(l -> assertFalse(l.nodeId().equals("node-2") || l.nodeId().equals("node-5"), l.toString()));
            checked++;
        }
        assertEquals(20, checked);
    }

    @Test
    void aCommittedWriteLeavesItsPartsInThePartCacheAndOneNotCommittedNone() {
        PartCache parts = PartCache.of(1 << 20, 256L << 20);
        try (Fixture g = new Fixture(new InMemoryChunkStore(), parts, parts)) {
            g.write("k", MIXED);
            ObjectMetadata m = g.meta("k");
            byte[] hot = parts.get(m.hot().sha256(), m.hot().size());
            byte[] cold = parts.get(m.cold().sha256(), m.cold().size());
            assertEquals(m.hot().sha256(), CanonicalJson.sha256Hex(hot), "the bytes behind the record's hash");
            assertEquals(m.cold().sha256(), CanonicalJson.sha256Hex(cold));
            WriteResult reused = g.write("k2", MIXED.replace("36", "37"));
            assertEquals(List.of(), reused.dedup(), "another key: nothing to reuse");
            assertEquals(3, parts.size(), "the new hot part; the cold one was there (same hash)");

            for (int i = 1; i <= 6; i++) {
                g.chunks.setDown("node-" + i, true);
            }
            String unreadable = MIXED.replace("xxx", "zzz");
            assertThrows(StoreException.class, () -> g.write("k3", unreadable));
            assertEquals(3, parts.size(), "nothing committed, nothing kept");
        }
    }
}
