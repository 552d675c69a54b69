package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.write.ReplicaStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Starts chunk reads on virtual threads; each answer goes to a queue and into the node statistics. */
final class ChunkFetcher {

    private final ChunkStore chunks;
    private final NodeDirectory nodes;
    private final ExecutorService executor;
    private final ReplicaStats stats;

    ChunkFetcher(ChunkStore chunks, NodeDirectory nodes, ExecutorService executor, ReplicaStats stats) {
        this.chunks = chunks;
        this.nodes = nodes;
        this.executor = executor;
        this.stats = stats;
    }

    ReplicaStats stats() {
        return stats;
    }

    Map<String, NodeInfo> liveById() {
        return nodes.liveNodes().stream().collect(Collectors.toMap(NodeInfo::id, Function.identity()));
    }

    /** Reads {@code location} from {@code node} (null = no live lease: answered at once as UNAVAILABLE). */
    Future<?> start(ChunkLocation location, NodeInfo node, BlockingQueue<Fetch> answers) {
        if (node == null) {
            answers.add(new Fetch(location, null, ErrorCode.UNAVAILABLE));
            return null;
        }
        return executor.submit(() -> {
            long start = System.nanoTime();
            try {
                byte[] data = chunks.get(node, location.chunkId());
                stats.recordSuccess(node.id(), Duration.ofNanos(System.nanoTime() - start));
                answers.add(new Fetch(location, data, null));
            } catch (StoreException e) {
                stats.recordFailure(node.id());
                answers.add(new Fetch(location, null, e.code()));
            } catch (RuntimeException e) {
                stats.recordFailure(node.id());
                answers.add(new Fetch(location, null, ErrorCode.INTERNAL));
            }
        });
    }
}
