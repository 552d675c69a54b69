package io.hybridstore.node;

import io.hybridstore.common.model.ClusterKeys;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The storage node's whole configuration, in this one file. The names are the environment variables
 * operators set: {@code node.data-dir} is {@code NODE_DATA_DIR}, {@code etcd.endpoints} is
 * {@code ETCD_ENDPOINTS}, {@code cluster.token} is {@code CLUSTER_TOKEN}. Three mappings rather than
 * one with three groups because Quarkus does not register a mapping at the root prefix; every
 * default is still declared here and nowhere else, and {@link NodeStartup} validates them at start-up.
 */
public interface NodeConfig {

    @ConfigMapping(prefix = "node")
    interface Node {
        /** Stable node name; also the etcd key of its registration. */
        String id();

        /** Chunks, temp files and quarantine live here; must exist (a mounted volume), it is not invented. */
        @WithName("data-dir")
        Path dataDir();

        /** Failure domain; empty when the cluster does not use zones. */
        Optional<String> zone();

        /** URL the gateway and healers use; default {@code http://<quarkus.http.host>:<actual port>}. */
        Optional<String> url();

        @WithName("heartbeat-interval")
        @WithDefault("3s")
        Duration heartbeatInterval();

        /** Lease TTL: a node that stops heartbeating disappears from the directory after this long. */
        @WithDefault("10s")
        Duration timeout();

        /** PUT bodies beyond this are refused with 413. */
        @WithName("max-chunk-size")
        @WithDefault("64M")
        MemorySize maxChunkSize();

        /** Writes are refused with 507 when they would leave less free space than this on the data volume. */
        @WithDefault("1G")
        MemorySize reserve();

        /**
         * Chunk data bypasses the page cache (O_DIRECT) where the file system allows it; buffered I/O
         * otherwise, said in the log at start-up. Off: the page cache serves repeated reads of a chunk,
         * at the price of evicting other pages for every chunk written (see {@code DirectIo}).
         */
        @WithName("direct-io")
        @WithDefault("true")
        boolean directIo();

        /**
         * Chunks of at most this many bytes are appended to segment files with group commit (one fsync
         * for every chunk that arrived while the previous one ran); larger ones (blob stripe shards) each
         * get their own file. 0: none (every chunk in its own file, as before segments).
         */
        @WithName("small-chunk-max")
        @WithDefault("128K")
        MemorySize smallChunkMax();

        /** A segment is sealed, and a new one started, when an append would take it past this. */
        @WithName("segment-size")
        @WithDefault("256M")
        MemorySize segmentSize();

        /** Bounds of one {@code POST /chunks/_batch}: its body (checked before reading it) and its number of chunks. */
        @WithName("batch-max-bytes")
        @WithDefault("64M")
        MemorySize batchMaxBytes();

        @WithName("batch-max-count")
        @WithDefault("1000")
        int batchMaxCount();

        /**
         * A batch-get of small chunks (at most 64 KiB of records) whose every record is among the last this
         * many bytes the node appended to its segment log is read and answered on the event loop, not
         * handed to a worker: written pages stay in the page cache unless memory runs short, so such a
         * read does not wait for the disk. 0: every batch-get on a worker. Set it below what the host
         * keeps in page cache per node (a miss holds the event loop for a disk read).
         */
        @WithName("loop-read-window")
        @WithDefault("256M")
        MemorySize loopReadWindow();

        /** A sealed segment whose live records fill less than this fraction of it is rewritten by compaction. */
        @WithName("compaction-live-ratio")
        @WithDefault("0.5")
        double compactionLiveRatio();

        /** Bytes per second compaction may read and write, so it never starves requests of the disk. */
        @WithName("compaction-rate")
        @WithDefault("32M")
        MemorySize compactionRate();

        /** How often compaction looks for segments to rewrite. */
        @WithName("compaction-interval")
        @WithDefault("30s")
        Duration compactionInterval();
    }

    @ConfigMapping(prefix = "etcd")
    interface Etcd {
        /** Client URLs; absent means "do not register" (only for wiring tests — readiness says so). */
        Optional<List<String>> endpoints();

        @WithDefault(ClusterKeys.DEFAULT_PREFIX)
        String prefix();

        /** Bound of every etcd call: a call to a dead endpoint never returns on its own. */
        @WithName("request-timeout")
        @WithDefault("2s")
        Duration requestTimeout();
    }

    @ConfigMapping(prefix = "cluster")
    interface Cluster {
        /** Shared secret of the gateway, healers and nodes: {@code Authorization: Bearer <token>}. */
        String token();
    }
}
