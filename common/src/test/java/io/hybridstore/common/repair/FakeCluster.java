package io.hybridstore.common.repair;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.spi.memory.ManualTimeSource.ManualClock;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.common.write.ChunkIds;
import io.hybridstore.common.write.ShardChecksums;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A cluster of in-memory fakes and objects written the way a gateway writes them: 3 replicas of the
 * hot part and RS(4,2) shards of the cold part, each part on distinct nodes chosen by rendezvous;
 * blobs as 3 replicas (small) or stripes each coded like a cold part.
 */
final class FakeCluster {
    static final int K = 4;
    static final int M = 2;
    static final int REPLICAS = 3;
    /** Stripe size of the fake blobs: small, the code paths are those of 4 MiB stripes. */
    static final int STRIPE = 1000;

    final StaticNodeDirectory nodes;
    final InMemoryChunkStore chunks = new InMemoryChunkStore();
    final InMemoryMetadataStore metadata = new InMemoryMetadataStore();
    final HealerStateStore.InMemory state = new HealerStateStore.InMemory();
    final ManualClock clock = new ManualTimeSource(System.currentTimeMillis()).clock();
    private final RendezvousPlacement placement = new RendezvousPlacement();
    private final Random random = new Random(42);
    private long offset;

    FakeCluster(int nodeCount) {
        this.nodes = StaticNodeDirectory.of(nodeCount, 0);
    }

    static HealerSettings settings() {
        return new HealerSettings(10, 1000, 100, 100, 4, 0, 0, Duration.ofHours(1), 1000, 1000, 50,
                1 << 16, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO);
    }

    Healer healer(HealerStats stats, HealerSettings settings) {
        return new Healer(metadata, nodes, chunks, state, stats, clock, settings);
    }

    /** Takes a node down the way a SIGKILL does: its lease goes and it answers nothing. */
    void kill(String nodeId) {
        nodes.remove(nodeId);
        chunks.setDown(nodeId, true);
    }

    ObjectMetadata write(String key) {
        return write(key, ObjectState.CLEAN);
    }

    ObjectMetadata write(String key, ObjectState state) {
        byte[] hotBytes = ("{\"name\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] coldBytes = new byte[200 + random.nextInt(300)];
        random.nextBytes(coldBytes);
        String hotSha = RepairExecutor.sha256(hotBytes);
        String coldSha = RepairExecutor.sha256(coldBytes);
        List<NodeInfo> live = nodes.liveNodes();
        long now = clock.millis();

        String hotId = "h-" + hotSha;
        List<ChunkLocation> replicas = new ArrayList<>();
        List<NodeInfo> hotNodes = placement.choose(hotId, live, REPLICAS);
        for (int i = 0; i < REPLICAS; i++) {
            chunks.put(hotNodes.get(i), hotId, hotBytes, hotSha);
            replicas.add(new ChunkLocation(i, hotNodes.get(i).id(), hotId, now));
        }
        byte[][] shards = ReedSolomon.create(K, M).encode(coldBytes);
        String base = "c-" + coldSha + "-" + K + "-" + M;
        List<NodeInfo> coldNodes = placement.choose(base, live, K + M);
        List<ChunkLocation> locations = new ArrayList<>();
        for (int i = 0; i < K + M; i++) {
            String id = base + "-" + i;
            chunks.put(coldNodes.get(i), id, shards[i], RepairExecutor.sha256(shards[i]));
            locations.add(new ChunkLocation(i, coldNodes.get(i).id(), id, now));
        }
        ObjectMetadata object = new ObjectMetadata(key, new Version(0, offset++), state, List.of("name", "blob"),
                new HotPart(hotSha, hotBytes.length, replicas),
                new ColdPart(coldSha, coldBytes.length, K, M, shards[0].length, locations),
                List.of(), List.of(), now, now);
        metadata.commitIfNewer(object);
        return object;
    }

    /** A striped blob of {@code stripeCount} random stripes, the last one shorter, the way a gateway writes it. */
    ObjectMetadata writeStripedBlob(String key, int stripeCount) {
        byte[][] stripes = new byte[stripeCount][];
        for (int s = 0; s < stripeCount; s++) {
            stripes[s] = new byte[s == stripeCount - 1 ? STRIPE / 2 + 1 : STRIPE];
            random.nextBytes(stripes[s]);
        }
        return writeStripedBlob(key, stripes);
    }

    /** A striped blob with the given stripe bytes, as a gateway writes it: upload-scoped shard ids, per-shard CRC32Cs. */
    ObjectMetadata writeStripedBlob(String key, byte[][] stripeBytes) {
        return writeStripedBlob(key, stripeBytes, false);
    }

    /**
     * A striped blob in the first stripe format: content-derived shard ids and a SHA-256 per stripe,
     * so equal stripes share their shards. Records written so still exist and must be healed.
     */
    ObjectMetadata writeStripedBlobOfTheFirstFormat(String key, byte[][] stripeBytes) {
        return writeStripedBlob(key, stripeBytes, true);
    }

    private ObjectMetadata writeStripedBlob(String key, byte[][] stripeBytes, boolean firstFormat) {
        long now = clock.millis();
        String uploadId = "up-" + key.replaceAll("[^A-Za-z0-9-]", "-");
        List<ColdPart> stripes = new ArrayList<>();
        long size = 0;
        for (byte[] bytes : stripeBytes) {
            stripes.add(firstFormat ? storeCoded(bytes, now) : storeStripe(uploadId, stripes.size(), bytes, now));
            size += bytes.length;
        }
        byte[] whole = new byte[Math.toIntExact(size)];
        int at = 0;
        for (byte[] bytes : stripeBytes) {
            System.arraycopy(bytes, 0, whole, at, bytes.length);
            at += bytes.length;
        }
        BlobInfo blob = new BlobInfo("application/octet-stream", size, RepairExecutor.sha256(whole), STRIPE, null, uploadId);
        ObjectMetadata object = new ObjectMetadata(key, new Version(0, offset++), ObjectState.CLEAN, List.of(), null, null,
                List.of(), List.of(), now, now, blob, stripes);
        metadata.commitIfNewer(object);
        return object;
    }

    /** A small blob: its bytes as 3 replicas in the hot part, no coded part. */
    ObjectMetadata writeSmallBlob(String key) {
        byte[] bytes = new byte[100 + random.nextInt(400)];
        random.nextBytes(bytes);
        String sha = RepairExecutor.sha256(bytes);
        long now = clock.millis();
        String id = ChunkIds.hot(sha);
        List<NodeInfo> homes = placement.choose(id, nodes.liveNodes(), REPLICAS);
        List<ChunkLocation> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            chunks.put(homes.get(i), id, bytes, sha);
            replicas.add(new ChunkLocation(i, homes.get(i).id(), id, now));
        }
        BlobInfo blob = new BlobInfo("image/png", bytes.length, sha, 0, key + ".png", "up-" + key);
        ObjectMetadata object = new ObjectMetadata(key, new Version(0, offset++), ObjectState.CLEAN, List.of(),
                new HotPart(sha, bytes.length, replicas), null, List.of(), List.of(), now, now, blob, List.of());
        metadata.commitIfNewer(object);
        return object;
    }

    /** RS(4,2)-codes {@code bytes} and stores the shards under content-derived ids on rendezvous-chosen nodes. */
    ColdPart storeCoded(byte[] bytes, long now) {
        String sha = RepairExecutor.sha256(bytes);
        byte[][] shards = ReedSolomon.create(K, M).encode(bytes);
        List<NodeInfo> homes = placement.choose(ChunkIds.coldBase(sha, K, M), nodes.liveNodes(), K + M);
        List<ChunkLocation> locations = new ArrayList<>();
        for (int i = 0; i < K + M; i++) {
            String id = ChunkIds.coldShard(sha, K, M, i);
            chunks.put(homes.get(i), id, shards[i], RepairExecutor.sha256(shards[i]));
            locations.add(new ChunkLocation(i, homes.get(i).id(), id, now));
        }
        return new ColdPart(sha, bytes.length, K, M, shards[0].length, locations);
    }

    /** One stripe of an upload the way the gateway stores it: shard ids from the upload, a CRC32C per shard. */
    ColdPart storeStripe(String uploadId, int stripe, byte[] bytes, long now) {
        byte[][] shards = ReedSolomon.create(K, M).encode(bytes);
        List<NodeInfo> homes = placement.choose(ChunkIds.stripeBase(uploadId, stripe, K, M), nodes.liveNodes(), K + M);
        List<ChunkLocation> locations = new ArrayList<>();
        List<String> crcs = new ArrayList<>();
        for (int i = 0; i < K + M; i++) {
            String id = ChunkIds.stripeShard(uploadId, stripe, K, M, i);
            chunks.put(homes.get(i), id, shards[i], null);
            locations.add(new ChunkLocation(i, homes.get(i).id(), id, now));
            crcs.add(ShardChecksums.crc32cHex(shards[i]));
        }
        return new ColdPart(null, bytes.length, K, M, shards[0].length, locations, crcs);
    }

    ObjectMetadata get(String key) {
        return metadata.get(key).map(MetadataStore.Stored::metadata).orElseThrow();
    }

    /** Every copy present where the metadata says, on distinct live nodes per part (hot, cold, each stripe), state CLEAN. */
    void assertFullyRedundant(String key) {
        ObjectMetadata object = get(key);
        if (object.state() != ObjectState.CLEAN) {
            throw new AssertionError(key + " is " + object.state());
        }
        if (object.hot() != null) {
            check(key, object.hot().replicas(), REPLICAS);
        }
        for (ColdPart part : object.codedParts()) {
            check(key, part.shards(), K + M);
        }
    }

    private void check(String key, List<ChunkLocation> locations, int expected) {
        Set<String> distinct = new HashSet<>();
        Set<String> live = new HashSet<>();
        nodes.liveNodes().forEach(n -> live.add(n.id()));
        for (ChunkLocation location : locations) {
            if (!live.contains(location.nodeId()) || !chunks.holds(location.nodeId(), location.chunkId()) || !location.stored()) {
                throw new AssertionError(key + ": " + location + " not stored on a live node");
            }
            distinct.add(location.nodeId());
        }
        if (locations.size() != expected || distinct.size() != expected) {
            throw new AssertionError(key + ": " + locations.size() + " copies on " + distinct.size() + " distinct nodes");
        }
    }
}
