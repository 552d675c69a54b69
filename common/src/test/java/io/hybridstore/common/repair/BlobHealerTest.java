package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.ChunkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The control loop on blob records: every stripe is audited, rebuilt, scrubbed and protected from GC. */
class BlobHealerTest {

    private static final BooleanSupplier LEADER = () -> true;
    private final FakeCluster cluster = new FakeCluster(8);
    private final HealerStats stats = new HealerStats("healer-test");

    private List<String> writeBlobs(int count, int stripes) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(String.format("blob-%03d", i));
            cluster.writeStripedBlob(keys.get(i), stripes);
        }
        return keys;
    }

    private static HealerSettings scrubbing() {
        return new HealerSettings(10, 1000, 100, 100, 4, 0, 1000, Duration.ofHours(1), 0, 0, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
    }

    @Test
    void everyStripeShardOfADeadNodeIsRebuiltOnDistinctLiveNodes() throws Exception {
        List<String> keys = writeBlobs(10, 3);
        List<ObjectMetadata> before = keys.stream().map(cluster::get).toList();
        String dead = "node-4";
        int lostShards = 0;
        long lostBytes = 0;
        int affectedStripes = 0;
        for (ObjectMetadata blob : before) {
            for (ColdPart stripe : blob.stripes()) {
                long onDead = stripe.shards().stream().filter(s -> s.nodeId().equals(dead)).count();
                lostShards += (int) onDead;
                lostBytes += onDead * stripe.shardSize();
                affectedStripes += onDead > 0 ? 1 : 0;
            }
        }
        assertTrue(affectedStripes >= 10, "the dead node held shards of many stripes: " + affectedStripes);
        cluster.kill(dead);

        cluster.healer(stats, FakeCluster.settings()).runPass(LEADER);

        int moved = 0;
        for (ObjectMetadata old : before) {
            cluster.assertFullyRedundant(old.key()); // each of the 3 stripes on 6 distinct live nodes, CLEAN
            ObjectMetadata now = cluster.get(old.key());
            assertEquals(old.blob(), now.blob(), "BlobInfo survives the repair");
            assertEquals(3, now.stripes().size());
            for (int s = 0; s < 3; s++) {
                ColdPart was = old.stripes().get(s);
                ColdPart is = now.stripes().get(s);
                assertEquals(was.withShards(is.shards()), is, "only the locations change: checksums, sizes and geometry stay");
                for (int i = 0; i < 6; i++) {
                    assertEquals(was.shards().get(i).chunkId(), is.shards().get(i).chunkId(), "a shard keeps its id wherever it moves");
                    boolean wasOnDead = was.shards().get(i).nodeId().equals(dead);
                    assertEquals(wasOnDead, !was.shards().get(i).nodeId().equals(is.shards().get(i).nodeId()),
                            "exactly the shards on the dead node moved");
                    moved += wasOnDead ? 1 : 0;
                }
            }
        }
        assertEquals(lostShards, moved);
        HealerStatus status = stats.snapshot();
        assertEquals(lostShards, status.repairsDone(), "one rebuild per shard the dead node held");
        assertEquals(lostBytes, status.bytesRepaired());
        assertEquals(0, status.repairsFailed());
        assertEquals(10, status.healthy());
    }

    @Test
    void aStripeWithFewerThanKShardsMakesTheBlobLostWhileTheOtherStripesAreStillRepaired() throws Exception {
        writeBlobs(3, 3);
        ObjectMetadata victim = cluster.get("blob-001");
        for (int i = 0; i < 3; i++) {
            ChunkLocation s = victim.stripes().get(1).shards().get(i);
            cluster.chunks.lose(s.nodeId(), s.chunkId());
        }
        ChunkLocation damaged = victim.stripes().get(2).shards().get(5);
        cluster.chunks.lose(damaged.nodeId(), damaged.chunkId());
        Healer healer = cluster.healer(stats, FakeCluster.settings());

        healer.runPass(LEADER);

        ObjectMetadata after = cluster.get("blob-001");
        assertEquals(ObjectState.LOST, after.state());
        assertEquals(victim.blob(), after.blob());
        assertEquals(victim.stripes().get(1), after.stripes().get(1), "the lost stripe's surviving shards stay referenced");
        assertNotEquals(damaged.nodeId(), after.stripes().get(2).shards().get(5).nodeId(), "a readable stripe is still repaired");
        assertEquals(1, stats.snapshot().repairsDone());
        assertEquals(1, stats.snapshot().lost());
        assertEquals(2, stats.snapshot().healthy());

        healer.runPass(LEADER);
        assertEquals(ObjectState.LOST, cluster.get("blob-001").state(), "kept, never dropped");
        assertEquals(1, stats.snapshot().lost());
    }

    @Test
    void aStripeShardFailingItsCrc32cIsNeverASourceAndTheStripeIsStillRebuilt() throws Exception {
        writeBlobs(1, 3);
        ColdPart stripe = cluster.get("blob-000").stripes().get(1);
        ChunkLocation lost = stripe.shards().get(0);
        byte[] original = cluster.chunks.get(node(lost.nodeId()), lost.chunkId());
        cluster.chunks.lose(lost.nodeId(), lost.chunkId());
        ChunkStore lying = HealerTest.lyingAbout(cluster.chunks, stripe.shards().get(1).chunkId());

        new Healer(cluster.metadata, cluster.nodes, lying, cluster.state, stats, cluster.clock, FakeCluster.settings()).runPass(LEADER);

        // Unlike a SHA-256 part, whose decoded whole fails and is not uploaded, the liar is found by
        // its own CRC32C and the 4 honest shards left are enough.
        ChunkLocation rebuilt = cluster.get("blob-000").stripes().get(1).shards().get(0);
        assertTrue(rebuilt.stored());
        assertArrayEquals(original, cluster.chunks.get(node(rebuilt.nodeId()), rebuilt.chunkId()), "the shard as written");
        assertEquals(0, stats.snapshot().repairsFailed());
        assertTrue(stats.snapshot().repairsDone() >= 1);
    }

    @Test
    void scrubFindsACorruptStripeShardAndItIsRepaired() throws Exception {
        writeBlobs(4, 3);
        cluster.write("doc-1"); // a JSON document alongside: 3 replicas + 6 shards
        ObjectMetadata victim = cluster.get("blob-002");
        ChunkLocation shard = victim.stripes().get(2).shards().get(4);
        cluster.chunks.corrupt(shard.nodeId(), shard.chunkId());

        cluster.healer(stats, scrubbing()).runPass(LEADER);

        cluster.assertFullyRedundant("blob-002");
        HealerStatus status = stats.snapshot();
        assertEquals(1, status.corruptFound());
        assertEquals(4 * 3 * 6 + 9, status.chunksScrubbed(), "every stripe shard of 4 blobs, and the document's 9 copies");
        assertEquals(1, status.repairsDone());
        ChunkLocation repaired = cluster.get("blob-002").stripes().get(2).shards().get(4);
        assertEquals(ChunkStore.VerifyResult.OK, cluster.chunks.verify(node(repaired.nodeId()), shard.chunkId()));
        assertEquals(victim.blob(), cluster.get("blob-002").blob());
    }

    @Test
    void scrubFindsAStripeShardHoldingOtherBytesThanWrittenWhichItsNodeCannotSee() throws Exception {
        writeBlobs(3, 3);
        ObjectMetadata victim = cluster.get("blob-001");
        ChunkLocation shard = victim.stripes().get(0).shards().get(2);
        byte[] written = cluster.chunks.get(node(shard.nodeId()), shard.chunkId());
        byte[] other = written.clone();
        other[0] ^= 1;
        cluster.chunks.put(node(shard.nodeId()), shard.chunkId(), other, null); // consistent with itself: the node's verify says OK
        assertEquals(ChunkStore.VerifyResult.OK, cluster.chunks.verify(node(shard.nodeId()), shard.chunkId()));

        cluster.healer(stats, scrubbing()).runPass(LEADER);

        HealerStatus status = stats.snapshot();
        assertEquals(1, status.corruptFound(), "found by the recorded CRC32C");
        assertEquals(3 * 3 * 6, status.chunksScrubbed());
        assertEquals(1, status.repairsDone());
        ChunkLocation repaired = cluster.get("blob-001").stripes().get(0).shards().get(2);
        assertNotEquals(shard.nodeId(), repaired.nodeId(), "rebuilt elsewhere");
        assertArrayEquals(written, cluster.chunks.get(node(repaired.nodeId()), repaired.chunkId()), "the bytes as written");
        cluster.assertFullyRedundant("blob-001");
    }

    @Test
    void gcKeepsEveryReferencedStripeShardAndCollectsAnAbandonedUploadsShards() throws Exception {
        List<String> keys = writeBlobs(3, 3);
        // An upload that never committed: its stripe's shards are on nodes, no record names them.
        byte[] orphan = new byte[FakeCluster.STRIPE];
        new java.util.Random(7).nextBytes(orphan);
        ColdPart abandoned = cluster.storeStripe("abandoned-upload", 0, orphan, cluster.clock.millis());
        Set<String> referenced = new HashSet<>();
        keys.forEach(k -> Auditor.locations(cluster.get(k)).forEach(l -> referenced.add(AuditFacts.copyKey(l.nodeId(), l.chunkId()))));
        assertEquals(3 * 3 * 6, referenced.size());
        // Older than the grace: only the references keep the blobs' shards alive.
        cluster.clock.advance(Duration.ofHours(2));

        cluster.healer(stats, FakeCluster.settings()).runPass(LEADER); // a whole cycle from the first key, then the sweep

        Set<String> left = new HashSet<>();
        cluster.nodes.liveNodes().forEach(n -> cluster.chunks.chunksOn(n.id()).forEach(id -> left.add(AuditFacts.copyKey(n.id(), id))));
        assertEquals(referenced, left, "every referenced stripe shard kept, nothing else");
        abandoned.shards().forEach(s -> assertFalse(cluster.chunks.holds(s.nodeId(), s.chunkId())));
        assertEquals(6, stats.snapshot().garbageDeleted());
        keys.forEach(cluster::assertFullyRedundant);
    }

    @Test
    void aSmallBlobsReplicasAreRepairedLikeAHotPart() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(String.format("small-%03d", i));
            cluster.writeSmallBlob(keys.get(i));
        }
        String dead = "node-6";
        List<ObjectMetadata> before = keys.stream().map(cluster::get).toList();
        long affected = before.stream().filter(b -> b.hot().replicas().stream().anyMatch(r -> r.nodeId().equals(dead))).count();
        assertTrue(affected >= 2, "the dead node held replicas of several blobs: " + affected);
        cluster.kill(dead);

        cluster.healer(stats, FakeCluster.settings()).runPass(LEADER);

        for (ObjectMetadata old : before) {
            cluster.assertFullyRedundant(old.key());
            ObjectMetadata now = cluster.get(old.key());
            assertEquals(old.blob(), now.blob());
            assertTrue(now.codedParts().isEmpty());
            assertEquals(old.hot().sha256(), now.hot().sha256());
        }
        assertEquals(affected, stats.snapshot().repairsDone(), "one replica per blob that had one on the dead node");
        assertEquals(12, stats.snapshot().healthy());
    }

    @Test
    void firstFormatEqualStripesShareTheirShardsAndEachMissingShardIsRebuiltOnce() throws Exception {
        byte[] zeros = new byte[FakeCluster.STRIPE];
        ObjectMetadata blob = cluster.writeStripedBlobOfTheFirstFormat("zeros", new byte[][] {zeros, zeros, zeros, new byte[17]});
        assertEquals(blob.stripes().get(0), blob.stripes().get(2), "equal content, equal shards on equal nodes");
        String dead = blob.stripes().get(0).shards().get(3).nodeId();
        long lastOnDead = blob.stripes().get(3).shards().stream().filter(s -> s.nodeId().equals(dead)).count();
        cluster.kill(dead);
        long putsBefore = cluster.chunks.putCount();

        cluster.healer(stats, FakeCluster.settings()).runPass(LEADER);

        cluster.assertFullyRedundant("zeros");
        ObjectMetadata after = cluster.get("zeros");
        String home = after.stripes().get(0).shards().get(3).nodeId();
        for (int s = 0; s < 3; s++) {
            assertEquals(home, after.stripes().get(s).shards().get(3).nodeId(), "all three equal stripes name the one new copy");
        }
        assertEquals(1 + lastOnDead, cluster.chunks.putCount() - putsBefore, "the shared shard is uploaded once");
        assertEquals(3 + lastOnDead, stats.snapshot().repairsDone(), "copies the metadata gained");
    }

    private NodeInfo node(String id) {
        return new NodeInfo(id, "mem://" + id, "", 1L << 40, 0, 0, 0, "test");
    }
}
