package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.tracker.DocumentReadPlan;
import io.hybridstore.common.write.ReplicaStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Starts chunk reads ({@link ChunkReads#start}: a small chunk's waits for its node's batch with no thread
 * of its own, a large one's on a virtual thread); each answer goes to its round's queue and into the
 * node statistics.
 */
final class ChunkFetcher {

    private final ChunkReads reads;
    private final NodeDirectory nodes;
    private final ExecutorService executor;
    private final ReplicaStats stats;
    private final TimeSource time;
    private volatile LiveNodes lastLive;

    ChunkFetcher(ChunkReads reads, NodeDirectory nodes, ExecutorService executor, ReplicaStats stats, TimeSource time) {
        this.reads = reads;
        this.nodes = nodes;
        this.executor = executor;
        this.stats = stats;
        this.time = time;
    }

    ReplicaStats stats() {
        return stats;
    }

    long now() {
        return time.nanoTime();
    }

    TimeSource time() {
        return time;
    }

    /** The reads of one part whose chunks are {@code chunkSize} bytes, started on the nodes live right now. */
    Round round(long chunkSize) {
        return round(chunkSize, Wave.NONE);
    }

    /** As {@link #round(long)}; a copy {@code wave} asked already is answered from there, not asked again. */
    Round round(long chunkSize, Wave wave) {
        return round(chunkSize, wave, new LinkedBlockingQueue<>());
    }

    /** As {@link #round(long, Wave)}, its answers going to {@code answers}, which another part's round may share ({@link PartLoop}). */
    Round round(long chunkSize, Wave wave, BlockingQueue<Fetch> answers) {
        return new Round(live(), chunkSize, wave, answers);
    }

    /**
     * The live nodes by id. The directory hands out the same list while its snapshot is fresh, so the
     * map made from it is kept and made again only for another list: three rounds of a read asked for
     * it, each a new map, 1.6 % of the gateway's samples at 32 readers (docs/benchmarks.md, session 30).
     */
    private Map<String, NodeInfo> live() {
        List<NodeInfo> now = nodes.liveNodes();
        LiveNodes last = lastLive;
        if (last != null && last.nodes() == now) {
            return last.byId();
        }
        Map<String, NodeInfo> byId = new HashMap<>();
        for (NodeInfo node : now) {
            byId.putIfAbsent(node.id(), node);
        }
        lastLive = new LiveNodes(now, Collections.unmodifiableMap(byId));
        return lastLive.byId();
    }

    /** A list of live nodes the directory gave, and the map made from it. */
    private record LiveNodes(List<NodeInfo> nodes, Map<String, NodeInfo> byId) {
    }

    /**
     * Plans a document's first reads ({@link DocumentReadPlan}) and asks at once, in one request per
     * node, for the planned copies that share a node; the rounds of its hot and cold parts take those
     * answers when their trackers send those copies. A planned copy alone on its node is left to its round.
     */
    Wave startWave(HotPart hot, ColdPart cold) {
        Map<String, NodeInfo> live = live();
        List<ChunkLocation> replicas = hot == null ? List.of() : hot.replicas();
        List<String> ranked = stats.rank(replicas.stream().filter(ChunkLocation::stored).map(ChunkLocation::nodeId)
                .filter(live::containsKey).distinct().toList());
        DocumentReadPlan plan = DocumentReadPlan.plan(replicas, ranked, cold == null ? List.of() : cold.shards(),
                cold == null ? 0 : cold.k(), live::containsKey);
        Map<ChunkLocation, CompletableFuture<Fetch>> asked = new HashMap<>();
        List<CompletableFuture<byte[]>> running = new ArrayList<>();
        plan.firstWave().forEach((nodeId, copies) -> {
            if (copies.size() < 2) {
                return;
            }
            NodeInfo node = live.get(nodeId);
            List<ChunkReads.Wanted> wanted = copies.stream()
                    .map(c -> new ChunkReads.Wanted(c.chunkId(), replicas.contains(c) ? hot.size() : cold.shardSize()))
                    .toList();
            long start = time.nanoTime();
            List<CompletableFuture<byte[]>> reads = this.reads.startTogether(node, wanted, executor);
            for (int i = 0; i < copies.size(); i++) {
                ChunkLocation copy = copies.get(i);
                asked.put(copy, reads.get(i).handle((data, failure) -> answer(copy, node, start, data, failure)));
            }
            running.addAll(reads);
        });
        return new Wave(plan, asked, running);
    }

    /**
     * The answer of one read started at {@code start}, into the node's statistics: a success with its
     * time, a failure as one; a read given up (cancelled: its part was read, or given up) is neither.
     */
    private Fetch answer(ChunkLocation location, NodeInfo node, long start, byte[] data, Throwable failure) {
        if (failure == null) {
            stats.recordSuccess(node.id(), Duration.ofNanos(time.nanoTime() - start));
            return new Fetch(location, data, null);
        }
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (cause instanceof CancellationException) {
            return new Fetch(location, null, ErrorCode.UNAVAILABLE);
        }
        stats.recordFailure(node.id());
        return new Fetch(location, null, cause instanceof StoreException s ? s.code() : ErrorCode.INTERNAL);
    }

    /** A document's first reads, asked ahead of its rounds; closed (what still runs cancelled) once the document is read. */
    static final class Wave implements AutoCloseable {
        static final Wave NONE = new Wave(null, Map.of(), List.of());

        private final DocumentReadPlan plan;
        private final Map<ChunkLocation, CompletableFuture<Fetch>> asked;
        private final List<CompletableFuture<byte[]>> running;

        private Wave(DocumentReadPlan plan, Map<ChunkLocation, CompletableFuture<Fetch>> asked, List<CompletableFuture<byte[]>> running) {
            this.plan = plan;
            this.asked = new ConcurrentHashMap<>(asked);
            this.running = running;
        }

        DocumentReadPlan plan() {
            return plan;
        }

        /** The answer of {@code location} if this wave asked for it (taken: a round asks each copy once), else null. */
        CompletableFuture<Fetch> take(ChunkLocation location) {
            return asked.remove(location);
        }

        @Override
        public void close() {
            running.forEach(f -> f.cancel(true));
        }
    }

    /** Reads in flight for one part: started through it, answered into its queue, cancelled when it closes. */
    final class Round implements AutoCloseable {
        private final Map<String, NodeInfo> live;
        private final long chunkSize;
        private final Wave wave;
        private final BlockingQueue<Fetch> answers;
        private final List<CompletableFuture<byte[]>> running = new ArrayList<>();

        private Round(Map<String, NodeInfo> live, long chunkSize, Wave wave, BlockingQueue<Fetch> answers) {
            this.live = live;
            this.chunkSize = chunkSize;
            this.wave = wave;
            this.answers = answers;
        }

        /** The queue its answers go to. */
        BlockingQueue<Fetch> answers() {
            return answers;
        }

        boolean isLive(String nodeId) {
            return live.containsKey(nodeId);
        }

        /** Reads {@code location}; a node with no live lease is answered at once as UNAVAILABLE. */
        void start(ChunkLocation location) {
            CompletableFuture<Fetch> asked = wave.take(location);
            if (asked != null) {
                asked.thenAccept(answers::add);
                return;
            }
            NodeInfo node = live.get(location.nodeId());
            if (node == null) {
                answers.add(new Fetch(location, null, ErrorCode.UNAVAILABLE));
                return;
            }
            long start = time.nanoTime();
            CompletableFuture<byte[]> read = reads.start(node, location.chunkId(), chunkSize, executor);
            running.add(read);
            read.whenComplete((data, failure) -> answers.add(answer(location, node, start, data, failure)));
        }

        /** Cancels the reads still running: the part is read, or given up. */
        @Override
        public void close() {
            running.forEach(f -> f.cancel(true));
        }
    }
}
