package io.hybridstore.common.repair;

import io.hybridstore.common.erasure.ReedSolomon;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.placement.RendezvousPlacement;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The healer's repair path run on made-up documents in memory, before a node dies. Why: a leader's
 * repair path (audit, plan, batch rebuild, settle, the records' codec) first runs when a node is
 * lost, so the leader compiled it through the heal itself: in session 32's JFR of a 10,000-document
 * heal the leader spent 6 of its 11 CPU-s in its compiler threads, and about half of the C2 time went
 * to this module's own methods ({@code RepairRound.settle}, {@code PlanRun.outcome},
 * {@code RecordCodec.toMetadata}, {@code Auditor.audit}, {@code RepairPlanner.plan}; docs/benchmarks.md),
 * on the cores the clients were using. Each round here writes documents the way a gateway does (3
 * replicas of a small hot part, 4+2 shards of a ~3-KiB cold part, placed by rendezvous on 8 in-memory
 * nodes; each record through {@link RecordCodec} both ways, as etcd's adapter stores it), loses one
 * node, and lets a {@link Healer} find and rebuild every copy it held, so by the first real heal the
 * JIT has compiled that code. What it cannot warm is the adapters' (HTTP, etcd): they are the real
 * heal's own.
 *
 * <p>Nothing here touches the real store: its own nodes, chunks, records and clock; the healer it
 * runs logs no line per repair. Bounded by rounds and by time.
 */
public final class RepairRehearsal {

    /** What a rehearsal did: its rounds, the copies they rebuilt, how long it took. */
    public record Result(int rounds, long copiesRebuilt, long millis) {
    }

    static final int NODES = 8;
    private static final int K = 4;
    private static final int M = 2;
    private static final int REPLICAS = 3;
    /** A pass that leaves work is followed by another, up to this many per round (one finds all here). */
    private static final int MAX_PASSES = 8;

    private RepairRehearsal() {
    }

    /**
     * Runs up to {@code rounds} rounds of {@code documents} documents each, stopping early once
     * {@code budgetNanos} have passed (checked between rounds).
     */
    public static Result run(int documents, int rounds, long budgetNanos) throws InterruptedException {
        long start = System.nanoTime();
        long copies = 0;
        int done = 0;
        while (done < rounds && System.nanoTime() - start < budgetNanos) {
            copies += round(documents, done);
            done++;
        }
        return new Result(done, copies, (System.nanoTime() - start) / 1_000_000);
    }

    /** One round: {@code documents} written, one node lost, its copies rebuilt; returns the copies rebuilt. */
    static long round(int documents, int seed) throws InterruptedException {
        StaticNodeDirectory nodes = StaticNodeDirectory.of(NODES, 0);
        InMemoryChunkStore chunks = new InMemoryChunkStore();
        InMemoryMetadataStore metadata = new InMemoryMetadataStore();
        Clock clock = new ManualTimeSource(System.currentTimeMillis()).clock();
        Writer writer = new Writer(nodes, chunks, metadata, clock, new Random(seed));
        for (int i = 0; i < documents; i++) {
            writer.write("rehearsal-" + i);
        }
        String victim = nodes.liveNodes().get(seed % NODES).id();
        nodes.remove(victim); // its lease gone; its chunks are not asked for (a dead node's would log warnings)
        HealerStats stats = new HealerStats("rehearsal");
        Healer healer = Healer.rehearsal(metadata, nodes, chunks, new HealerStateStore.InMemory(), stats, clock,
                settings(documents));
        for (int pass = 0; pass < MAX_PASSES && healer.runPass(() -> true); pass++) {
            // a pass cut by its budget: the next one goes on where it stopped
        }
        return stats.repairsDone.get();
    }

    /** A leader's settings for a store of {@code documents}: the whole store in one pass, no pacing, no scrub or GC. */
    static HealerSettings settings(int documents) {
        return new HealerSettings(500, documents, documents, 500, 4, 0, 0, Duration.ofHours(1), 0, 0, 1000, 1 << 16,
                Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ZERO, 0);
    }

    /** Writes a document as a gateway does: its hot part's replicas and its cold part's shards on distinct nodes. */
    private record Writer(StaticNodeDirectory nodes, InMemoryChunkStore chunks, InMemoryMetadataStore metadata, Clock clock,
            Random random) {
        private static final RendezvousPlacement PLACEMENT = new RendezvousPlacement();
        private static final ReedSolomon CODEC = ReedSolomon.create(K, M);

        void write(String key) {
            byte[] hot = ("{\"id\":\"" + key + "\",\"owner\":\"rehearsal\",\"n\":" + random.nextInt(1000) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] cold = new byte[2_800 + random.nextInt(600)]; // the document: a ~3-KiB text field
            random.nextBytes(cold);
            String hotSha = RepairExecutor.sha256(hot);
            String coldSha = RepairExecutor.sha256(cold);
            List<NodeInfo> live = nodes.liveNodes();
            long now = clock.millis();
            String hotId = "h-" + hotSha;
            List<ChunkLocation> replicas = new ArrayList<>();
            List<NodeInfo> hotNodes = PLACEMENT.choose(hotId, live, REPLICAS);
            for (int i = 0; i < REPLICAS; i++) {
                chunks.put(hotNodes.get(i), hotId, hot, hotSha);
                replicas.add(new ChunkLocation(i, hotNodes.get(i).id(), hotId, now));
            }
            byte[][] shards = CODEC.encode(cold);
            String base = "c-" + coldSha + "-" + K + "-" + M;
            List<NodeInfo> coldNodes = PLACEMENT.choose(base, live, K + M);
            List<ChunkLocation> locations = new ArrayList<>();
            for (int i = 0; i < K + M; i++) {
                String id = base + "-" + i;
                chunks.put(coldNodes.get(i), id, shards[i], RepairExecutor.sha256(shards[i]));
                locations.add(new ChunkLocation(i, coldNodes.get(i).id(), id, now));
            }
            ObjectMetadata object = new ObjectMetadata(key, new Version(0, random.nextInt(1 << 20)), ObjectState.CLEAN,
                    List.of("id", "owner", "n", "text"), new HotPart(hotSha, hot.length, replicas),
                    new ColdPart(coldSha, cold.length, K, M, shards[0].length, locations), List.of(), List.of(), now, now);
            // Through the record codec both ways, as the etcd adapter stores and reads a record.
            metadata.commitIfNewer(RecordCodec.decode(key, RecordCodec.encode(object)));
        }
    }
}
