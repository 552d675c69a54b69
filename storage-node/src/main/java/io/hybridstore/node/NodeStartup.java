package io.hybridstore.node;

import io.hybridstore.io.NetworkTransport;
import io.hybridstore.node.store.ChunkIds;
import io.hybridstore.node.store.DiskChunkStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Validates the configuration and opens the chunk store before the node serves anything: a bad
 * setting or a missing data dir stops the process at start, with every problem listed, instead of
 * failing the first request.
 */
@ApplicationScoped
public class NodeStartup {
    private static final Logger LOG = Logger.getLogger(NodeStartup.class);
    /** Beyond this a "chunk" is an object; the HTTP layer's own body limit is set above it. */
    static final long MAX_CHUNK_SIZE_CEILING = 1L << 30;
    static final long MAX_SMALL_CHUNK = 16L << 20;
    static final long MAX_SEGMENT_SIZE = 1L << 30;
    /** Beyond this the "recent tail" is no longer a sign of pages in memory on any host this runs on. */
    static final long MAX_LOOP_READ_WINDOW = 64L << 30;

    @Produces
    @Singleton
    @Startup
    DiskChunkStore store(NodeConfig.Node node, NodeConfig.Cluster cluster, MeterRegistry registry) {
        validate(node, cluster);
        long small = node.smallChunkMax().asLongValue();
        DiskChunkStore store = DiskChunkStore.open(node.dataDir(), new DiskChunkStore.Limits(node.maxChunkSize().asLongValue(),
                node.reserve().asLongValue(), small == 0 ? -1 : Math.min(small, node.maxChunkSize().asLongValue()),
                node.segmentSize().asLongValue()), registry, node.directIo());
        store.startCompaction(node.compactionLiveRatio(), node.compactionRate().asLongValue(), node.compactionInterval());
        return store;
    }

    /** Which transport the chunk API's HTTP server runs on: epoll, or NIO (switched off, or a warning). */
    void logTransport(@Observes StartupEvent start, Vertx vertx,
            @ConfigProperty(name = "quarkus.vertx.prefer-native-transport") boolean preferNative) {
        NetworkTransport.of(vertx, preferNative).log(LOG);
    }

    /** At shutdown: compaction stops and the segment files close (everything acknowledged was fsynced already). */
    void close(@Disposes DiskChunkStore store) {
        store.close();
    }

    static void validate(NodeConfig.Node node, NodeConfig.Cluster cluster) {
        List<String> problems = new ArrayList<>();
        if (!ChunkIds.isValid(node.id())) {
            problems.add("NODE_ID must be [A-Za-z0-9._-]{1,200} (it is part of an etcd key): '" + node.id() + "'");
        }
        if (node.heartbeatInterval().isNegative() || node.heartbeatInterval().isZero()
                || node.heartbeatInterval().multipliedBy(2).compareTo(node.timeout()) > 0) {
            problems.add("NODE_HEARTBEAT_INTERVAL (" + node.heartbeatInterval() + ") must be positive and at most half of NODE_TIMEOUT ("
                    + node.timeout() + "), or one late beat loses the lease");
        }
        long max = node.maxChunkSize().asLongValue();
        if (max < 1 || max > MAX_CHUNK_SIZE_CEILING) {
            problems.add("NODE_MAX_CHUNK_SIZE must be 1 byte .. 1 GiB: " + max);
        }
        long small = node.smallChunkMax().asLongValue();
        if (small < 0 || small > MAX_SMALL_CHUNK) {
            problems.add("NODE_SMALL_CHUNK_MAX must be 0 .. 16M (a small chunk is held whole in memory): " + small);
        }
        long segment = node.segmentSize().asLongValue();
        if (segment < 1 << 20 || segment > MAX_SEGMENT_SIZE) {
            problems.add("NODE_SEGMENT_SIZE must be 1M .. 1G (a start-up scan maps one segment at a time): " + segment);
        }
        if (node.batchMaxBytes().asLongValue() < 1 || node.batchMaxCount() < 1) {
            problems.add("NODE_BATCH_MAX_BYTES and NODE_BATCH_MAX_COUNT must be positive");
        }
        if (!(node.compactionLiveRatio() > 0 && node.compactionLiveRatio() < 1)) {
            problems.add("NODE_COMPACTION_LIVE_RATIO must be between 0 and 1 (exclusive): " + node.compactionLiveRatio());
        }
        if (node.compactionRate().asLongValue() < 1 << 20 || node.compactionInterval().isNegative() || node.compactionInterval().isZero()) {
            problems.add("NODE_COMPACTION_RATE must be at least 1M and NODE_COMPACTION_INTERVAL positive");
        }
        long window = node.loopReadWindow().asLongValue();
        if (window < 0 || window > MAX_LOOP_READ_WINDOW) {
            problems.add("NODE_LOOP_READ_WINDOW must be 0 (off) .. 64G: " + window);
        }
        if (node.reserve().asLongValue() < 0) {
            problems.add("NODE_RESERVE must not be negative");
        }
        if (cluster.token().isBlank()) {
            problems.add("CLUSTER_TOKEN must not be blank");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid storage-node configuration:\n  " + String.join("\n  ", problems));
        }
    }
}
