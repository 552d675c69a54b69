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
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.memory.ForwardingMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.common.write.ChunkIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The repair path run on made-up documents before a node dies, so that the first real heal does not
 * run it interpreted while the JIT compiles it (session 26: half the leader's CPU through the heal
 * was its compiler threads'). Each round is a private cluster of in-memory fakes: documents written
 * as a gateway writes them (3 replicas of the hot part, RS(4,2) shards of the cold part), some
 * DIRTY with a shard missing, then a node gone from the directory; one {@link Healer} pass heals
 * it: the dirty batch and the scan's pages, audit, plan, batch read, rebuild, batch write, the
 * commit of each page, every record through {@link RecordCodec} as the etcd adapter stores it.
 *
 * <p>It is given no store: it cannot touch the cluster's. Its repairs are not logged and its
 * counters are its own. Bounded by rounds and by a time budget, whichever ends first, and run at
 * most once per instance (a JVM's compiled code outlives a leadership term: one per process).
 */
public final class RepairWarmUp {

    private static final int NODES = 8;
    private static final String GONE = "node-3";
    /** One document in this many is DIRTY (a write that missed a node): the dirty batch's path. */
    private static final int DIRTY_EVERY = 4;

    /** What a warm-up did: rounds run, copies repaired, records committed (each through {@link RecordCodec}), its elapsed time. */
    public record Result(int rounds, long repairs, long recordsCommitted, long millis) {
    }

    private final HealerSettings settings;
    private final int documents;
    private final int rounds;
    private final long budgetNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean ran = new AtomicBoolean();

    /**
     * @param settings    the healer's own (its page sizes); its rate limit, scrub and GC are left out
     * @param documents   documents per round
     * @param rounds      rounds at most
     * @param budget      time at most, checked before each round and inside it
     */
    public RepairWarmUp(HealerSettings settings, int documents, int rounds, Duration budget) {
        this(settings, documents, rounds, budget, System::nanoTime);
    }

    RepairWarmUp(HealerSettings settings, int documents, int rounds, Duration budget, LongSupplier nanoTime) {
        if (documents < 1 || rounds < 0) {
            throw new IllegalArgumentException("documents must be positive and rounds not negative");
        }
        this.settings = new HealerSettings(settings.scanPageSize(), Math.max(settings.scanPerPass(), documents),
                Math.max(settings.dirtyPerPass(), documents), settings.existsBatch(), settings.maxConcurrentRepairs(), 0, 0,
                settings.gcGrace(), 0, 0, settings.gcListPage(), settings.gcFilterBits(), settings.inProgressGrace(),
                settings.retryBase(), settings.retryMax(), Duration.ZERO);
        this.documents = documents;
        this.rounds = rounds;
        this.budgetNanos = budget.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The warm-up, the first time; null every later time (it has run, or is running). */
    public Result runOnce() throws InterruptedException {
        if (!ran.compareAndSet(false, true)) {
            return null;
        }
        long start = nanoTime.getAsLong();
        long end = start + budgetNanos;
        HealerStats stats = HealerStats.unlogged("warm-up");
        LongAdder committed = new LongAdder();
        int done = 0;
        while (done < rounds && nanoTime.getAsLong() - end < 0) {
            Round round = new Round(new SplittableRandom(done));
            round.healer(stats, settings, committed).runPass(() -> nanoTime.getAsLong() - end < 0);
            done++;
        }
        return new Result(done, stats.repairsDone.get(), committed.sum(), (nanoTime.getAsLong() - start) / 1_000_000);
    }

    /** One private cluster: its documents written, then {@link #GONE} out of the directory. */
    private final class Round {
        final StaticNodeDirectory nodes = StaticNodeDirectory.of(NODES, 0);
        final InMemoryChunkStore chunks = new InMemoryChunkStore();
        final InMemoryMetadataStore records = new InMemoryMetadataStore();
        private final RendezvousPlacement placement = new RendezvousPlacement();
        private final ReedSolomon codec = ReedSolomon.create(4, 2);

        Round(SplittableRandom random) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < documents; i++) {
                write("warm-up/" + i, i % DIRTY_EVERY == 0, random, now);
            }
            nodes.remove(GONE);
        }

        Healer healer(HealerStats stats, HealerSettings settings, LongAdder committed) {
            return new Healer(new Stored(records, committed), nodes, chunks, new HealerStateStore.InMemory(), stats, Clock.systemUTC(), settings);
        }

        private void write(String key, boolean dirty, SplittableRandom random, long now) {
            byte[] hot = ("{\"name\":\"" + key + "\",\"n\":" + random.nextInt() + "}").getBytes(StandardCharsets.UTF_8);
            byte[] cold = new byte[2048 + random.nextInt(2048)]; // a document's cold part is about 3 KiB
            random.nextBytes(cold);
            String hotSha = RepairExecutor.sha256(hot);
            String coldSha = RepairExecutor.sha256(cold);
            List<NodeInfo> live = nodes.liveNodes();
            String hotId = ChunkIds.hot(hotSha);
            List<ChunkLocation> replicas = new ArrayList<>();
            List<NodeInfo> hotNodes = placement.choose(hotId, live, 3);
            for (int i = 0; i < 3; i++) {
                chunks.put(hotNodes.get(i), hotId, hot, hotSha);
                replicas.add(new ChunkLocation(i, hotNodes.get(i).id(), hotId, now));
            }
            byte[][] shards = codec.encode(cold);
            List<NodeInfo> coldNodes = placement.choose(ChunkIds.coldBase(coldSha, 4, 2), live, 6);
            List<ChunkLocation> locations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = ChunkIds.coldShard(coldSha, 4, 2, i);
                boolean missed = dirty && i == random.nextInt(6); // the write that made it DIRTY missed this shard
                if (!missed) {
                    chunks.put(coldNodes.get(i), id, shards[i], RepairExecutor.sha256(shards[i]));
                }
                locations.add(new ChunkLocation(i, coldNodes.get(i).id(), id, missed ? 0 : now));
            }
            records.commitIfNewer(new ObjectMetadata(key, new Version(0, 0), dirty ? ObjectState.DIRTY : ObjectState.CLEAN,
                    List.of("name", "n", "text"), new HotPart(hotSha, hot.length, replicas),
                    new ColdPart(coldSha, cold.length, 4, 2, shards[0].length, locations), List.of(), List.of(), now, now));
        }
    }

    /** The records as the etcd adapter stores them: each one committed is encoded and read back ({@link RecordCodec}). */
    private static final class Stored extends ForwardingMetadataStore {
        private final LongAdder committed;

        Stored(MetadataStore delegate, LongAdder committed) {
            super(delegate);
            this.committed = committed;
        }

        @Override
        public List<SwapResult> compareAndSetAll(List<Swap> swaps) {
            List<Swap> stored = new ArrayList<>(swaps.size());
            for (Swap swap : swaps) {
                ObjectMetadata m = swap.metadata();
                stored.add(new Swap(RecordCodec.decode(m.key(), RecordCodec.encode(m)), swap.expected()));
            }
            committed.add(stored.size());
            return super.compareAndSetAll(stored);
        }
    }
}
