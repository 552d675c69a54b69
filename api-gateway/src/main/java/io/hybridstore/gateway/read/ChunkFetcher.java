package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.write.ReplicaStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Starts chunk reads on virtual threads; each answer goes to its round's queue and into the node statistics. */
final class ChunkFetcher {

    private final ChunkReads reads;
    private final NodeDirectory nodes;
    private final ExecutorService executor;
    private final ReplicaStats stats;
    private final TimeSource time;

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

    /** The reads of one part whose chunks are {@code chunkSize} bytes, started on the nodes live right now. */
    Round round(long chunkSize) {
        return new Round(nodes.liveNodes().stream().collect(Collectors.toMap(NodeInfo::id, Function.identity())), chunkSize);
    }

    /** Reads in flight for one part: started through it, answered into its queue, cancelled when it closes. */
    final class Round implements AutoCloseable {
        private final Map<String, NodeInfo> live;
        private final long chunkSize;
        private final BlockingQueue<Fetch> answers = new LinkedBlockingQueue<>();
        private final List<Future<?>> running = new ArrayList<>();

        private Round(Map<String, NodeInfo> live, long chunkSize) {
            this.live = live;
            this.chunkSize = chunkSize;
        }

        boolean isLive(String nodeId) {
            return live.containsKey(nodeId);
        }

        /** Reads {@code location}; a node with no live lease is answered at once as UNAVAILABLE. */
        void start(ChunkLocation location) {
            NodeInfo node = live.get(location.nodeId());
            if (node == null) {
                answers.add(new Fetch(location, null, ErrorCode.UNAVAILABLE));
                return;
            }
            running.add(executor.submit(() -> answers.add(fetch(location, node, chunkSize))));
        }

        /** The next answer, or null if none came by {@code deadlineNanos}. */
        Fetch next(long deadlineNanos) {
            try {
                return time.poll(answers, deadlineNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted reading chunks", e);
            }
        }

        /** Cancels the reads still running: the part is read, or given up. */
        @Override
        public void close() {
            running.forEach(f -> f.cancel(true));
        }
    }

    private Fetch fetch(ChunkLocation location, NodeInfo node, long chunkSize) {
        long start = time.nanoTime();
        try {
            byte[] data = reads.read(node, location.chunkId(), chunkSize);
            stats.recordSuccess(node.id(), Duration.ofNanos(time.nanoTime() - start));
            return new Fetch(location, data, null);
        } catch (StoreException e) {
            stats.recordFailure(node.id());
            return new Fetch(location, null, e.code());
        } catch (RuntimeException e) {
            stats.recordFailure(node.id());
            return new Fetch(location, null, ErrorCode.INTERNAL);
        }
    }
}
