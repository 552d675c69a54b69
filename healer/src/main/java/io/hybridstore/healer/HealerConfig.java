package io.hybridstore.healer;

import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.repair.HealerSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The healer's whole configuration, rooted at the top level so names read as the environment
 * variables operators set: {@code etcd.endpoints} is {@code ETCD_ENDPOINTS}, {@code cluster.token}
 * is {@code CLUSTER_TOKEN}, {@code healer.interval} is {@code HEALER_INTERVAL},
 * {@code healer.gc-grace} is {@code HEALER_GC_GRACE}. Every default is declared here and nowhere else.
 */
@ConfigMapping(prefix = "")
public interface HealerConfig {

    Etcd etcd();

    Cluster cluster();

    Healer healer();

    interface Etcd {
        /** Client URLs; required unless {@code healer.backend=memory}. */
        Optional<List<String>> endpoints();

        @WithDefault(ClusterKeys.DEFAULT_PREFIX)
        String prefix();

        /** Bound of every etcd call: a call to a dead endpoint never returns on its own. */
        @WithName("request-timeout")
        @WithDefault("2s")
        Duration requestTimeout();
    }

    interface Cluster {
        /** Bearer token the storage nodes require. Required unless {@code healer.backend=memory}. */
        Optional<String> token();
    }

    interface Healer {
        /** This instance's name in the election, logs and /status. */
        @WithDefault("healer")
        String id();

        /** {@code real}: etcd and storage nodes. {@code memory}: in-process fakes, for wiring tests only. */
        @WithDefault("real")
        Backend backend();

        /** Pause between two passes of the leader. */
        @WithDefault("30s")
        Duration interval();

        /** TTL of the election lease: a dead leader is replaced within it. */
        @WithName("lease-ttl")
        @WithDefault("15s")
        Duration leaseTtl();

        /** Bound of each storage-node call. */
        @WithName("node-timeout")
        @WithDefault("5s")
        Duration nodeTimeout();

        /** How long the live-node list from etcd may be reused. */
        @WithName("node-cache")
        @WithDefault("1s")
        Duration nodeCache();

        /**
         * Metadata records per etcd range read, and per page of repairs. 500, not 200: each step of a page
         * is a round trip that waits about as long for 500 records as for 200 on a loaded machine
         * (docs/benchmarks.md, session 18).
         */
        @WithName("scan-page-size")
        @WithDefault("500")
        int scanPageSize();

        /**
         * Records of the full scan per pass; a larger store is covered over several passes, one every
         * interval while the cluster is healthy, back to back in a term's first cycle and after a node's loss.
         */
        @WithName("scan-per-pass")
        @WithDefault("20000")
        int scanPerPass();

        /**
         * The least time between the starts of two full scan cycles when the first found nothing to do
         * (no node lost, joined or restarted, no object left degraded) and the live nodes are still the
         * ones it saw (a GC sweep due gets its cycle at once). Why: an idle leader read a healthy 50,000-record
         * store from etcd and asked ~500 {@code _exists} a minute of the nodes, for ~3 CPU-s a minute, a quarter
         * of the idle cluster's (docs/benchmarks.md, session 25). 10 minutes: such a store is audited a twentieth
         * as often, and a copy lost while its node keeps its lease and process (a removed file) is still found
         * within about ten minutes. 0 = a cycle whenever the last ended, as before.
         */
        @WithName("scan-cycle-min")
        @WithDefault("10m")
        Duration scanCycleMin();

        /** Dirty-index entries (and IN_PROGRESS index entries) handled first in each pass. */
        @WithName("dirty-per-pass")
        @WithDefault("1000")
        int dirtyPerPass();

        /** Chunk ids per bulk exists request. */
        @WithName("exists-batch")
        @WithDefault("1000")
        int existsBatch();

        /** Large repairs (a striped blob's) at once, each alone; small ones go a page at a time in batch requests. */
        @WithName("max-concurrent-repairs")
        @WithDefault("4")
        int maxConcurrentRepairs();

        /** Repair read+write and scrub-verify bandwidth, one budget for both; 0 = unlimited. */
        @WithName("bytes-per-second")
        @WithDefault("50M")
        MemorySize bytesPerSecond();

        /**
         * Bytes each chunk read, written or verified counts against {@link #bytesPerSecond} beside its
         * own size: what paces a heal of documents, whose chunks are a few hundred bytes each. 0 by
         * default (bytes only): 8K with the default 50M (~5,600 chunks a second, ~1,000 documents'
         * repairs) lowered the clients' p99 through a heal on 2 cores, and took 27.7 and 30.7 s to heal
         * a node of 23,000-24,000 records, against issue 14's 30 (docs/benchmarks.md, session 31).
         */
        @WithName("chunk-cost")
        @WithDefault("0")
        MemorySize chunkCost();

        /** Chunks re-verified (bitrot scrub) per pass. */
        @WithName("scrub-per-pass")
        @WithDefault("1000")
        int scrubPerPass();

        /**
         * Unreferenced chunks younger than this are left alone (writes in flight). Must stay above the
         * gateways' {@code gateway.blob.max-upload-time} (30m by default): a blob's chunks are
         * unreferenced until its upload commits.
         */
        @WithName("gc-grace")
        @WithDefault("1h")
        Duration gcGrace();

        /**
         * An S3 multipart upload idle for longer than this (no part stored, no completion started) is
         * aborted: its records removed, its parts' chunks left to the GC. An upload in use lives on.
         * Must stay well above the gateways' {@code gateway.blob.max-upload-time} (30m by default): a
         * completion commits within that time of touching its upload, and the sweeper must not
         * remove the part records in between.
         */
        @WithName("upload-max-age")
        @WithDefault("24h")
        Duration uploadMaxAge();

        @WithName("gc-deletes-per-pass")
        @WithDefault("1000")
        int gcDeletesPerPass();

        /** Node chunk-listing pages read per pass. */
        @WithName("gc-list-per-pass")
        @WithDefault("100")
        int gcListPerPass();

        @WithName("gc-list-page")
        @WithDefault("1000")
        int gcListPage();

        /** Bits of the referenced-chunk filter: the memory bound of GC (64 Mbit = 8 MiB, ~6.7M copies at 1%). */
        @WithName("gc-filter-bits")
        @WithDefault("67108864")
        long gcFilterBits();

        /** An IN_PROGRESS object younger than this still belongs to its gateway. */
        @WithName("in-progress-grace")
        @WithDefault("2m")
        Duration inProgressGrace();

        /** First backoff after a failed repair; doubles per failure up to retry-max. */
        @WithName("retry-base")
        @WithDefault("30s")
        Duration retryBase();

        @WithName("retry-max")
        @WithDefault("30m")
        Duration retryMax();

        /** The operator console at {@code /console/}. */
        Console console();

        default HealerSettings settings() {
            return new HealerSettings(scanPageSize(), scanPerPass(), dirtyPerPass(), existsBatch(), maxConcurrentRepairs(),
                    bytesPerSecond().asLongValue(), scrubPerPass(), gcGrace(), gcDeletesPerPass(), gcListPerPass(),
                    gcListPage(), gcFilterBits(), inProgressGrace(), retryBase(), retryMax(), scanCycleMin(), chunkCost().asLongValue());
        }
    }

    interface Console {
        /**
         * Kill and start storage nodes from the page (behind the cluster token). Local cluster only:
         * off unless the launcher is asked for it ({@code make run CLUSTER_ARGS=--console-actions}).
         */
        @WithName("actions-enabled")
        @WithDefault("false")
        boolean actionsEnabled();

        /** The local cluster's run directory ({@code .run/}, where the launcher keeps layout and PIDs); the actions need it. */
        @WithName("cluster-dir")
        Optional<String> clusterDir();

        /** How often the storage nodes' request metrics are read for the console's node table. */
        @WithName("node-metrics-every")
        @WithDefault("5s")
        Duration nodeMetricsEvery();
    }

    enum Backend { real, memory }
}
