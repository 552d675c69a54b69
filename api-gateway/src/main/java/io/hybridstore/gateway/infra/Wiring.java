package io.hybridstore.gateway.infra;

import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.access.AccessService;
import io.hybridstore.gateway.blob.BlobSettings;
import io.hybridstore.gateway.blob.ByteBudget;
import io.hybridstore.gateway.catalogue.CatalogueService;
import io.hybridstore.gateway.links.LinkService;
import io.hybridstore.gateway.node.NodeCoalescer;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.read.ChunkReads;
import io.hybridstore.gateway.read.PartCache;
import io.hybridstore.gateway.read.ReadAhead;
import io.hybridstore.gateway.read.ReadService;
import io.hybridstore.gateway.read.RecordCache;
import io.hybridstore.gateway.replay.DeadLetters;
import io.hybridstore.gateway.replay.RecentCommits;
import io.hybridstore.gateway.replay.ReplayPolicy;
import io.hybridstore.gateway.replay.ReplayRunner;
import io.hybridstore.gateway.replay.WalApplier;
import io.hybridstore.gateway.replay.WalReplay;
import io.hybridstore.gateway.sync.SyncService;
import io.hybridstore.gateway.usage.UsageFolder;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.KnownKeys;
import io.hybridstore.gateway.write.LabelWriter;
import io.hybridstore.gateway.write.NodeFanOut;
import io.hybridstore.gateway.write.ObjectWriter;
import io.hybridstore.gateway.write.WriteService;
import io.hybridstore.gateway.write.WriteSettings;
import io.hybridstore.io.NetworkTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** CDI wiring: the plain classes of the write and read paths built once from the configuration. */
@Singleton
public class Wiring {

    private static final Logger LOG = Logger.getLogger(Wiring.class);

    /** Node calls block; each runs on its own virtual thread. */
    private final ExecutorService nodeCalls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("node-call-", 0).factory());
    private ReplayRunner replay;
    private UsageFolder usageFolder;

    @Produces
    @Singleton
    Backend backend(GatewayConfig config, Vertx vertx) {
        return BackendProducer.create(config, vertx);
    }

    void closeBackend(@Disposes Backend backend) throws Exception {
        backend.closer().close();
    }

    /** The gateway's one source of time: every deadline, hedge delay, latency and timestamp reads it. */
    @Produces
    @Singleton
    TimeSource time() {
        return TimeSource.SYSTEM;
    }

    /** The wall-clock view of {@link #time()}, for the classes that only stamp records. */
    @Produces
    @Singleton
    Clock clock(TimeSource time) {
        return time.clock();
    }

    @Produces
    @Singleton
    NodeTimeouts nodeTimeouts(GatewayConfig config) {
        GatewayConfig.Gateway g = config.gateway();
        return new NodeTimeouts(g.answerTimeout(), g.nodeTimeout(), g.nodeMinThroughput().asLongValue());
    }

    @Produces
    @Singleton
    GatewayMetrics metrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Produces
    @Singleton
    ObjectWriter objectWriter(GatewayConfig config, Backend backend, NodeFanOut fanOut, Clock clock, GatewayMetrics metrics,
                              KnownKeys known, PartCache parts) {
        GatewayConfig.Gateway g = config.gateway();
        WriteSettings settings = new WriteSettings(g.replicas(), g.dataShards(), g.parityShards(),
                new SplitPolicy(g.hotFields().orElse(List.of()), g.coldFields().orElse(List.of()), g.hotStringMaxBytes()),
                g.catalogue().indexedFields().orElse(List.of()));
        return new ObjectWriter(backend.metadata(), backend.nodes(), fanOut, settings, clock, metrics, known, parts);
    }

    /**
     * Documents' parts kept in memory by SHA-256, filled by this gateway's writes and reads. Built when
     * the object writer is, at start-up (validateWriteSettings), so a bad GATEWAY_PART_CACHE_SIZE stops the gateway.
     */
    @Produces
    @Singleton
    PartCache partCache(GatewayConfig config, GatewayMetrics metrics) {
        long heap = Runtime.getRuntime().maxMemory();
        long bytes = config.gateway().partCacheSize().map(MemorySize::asLongValue).orElseGet(() -> PartCache.defaultBytes(heap));
        PartCache parts = PartCache.of(bytes, heap);
        metrics.partCache(parts);
        return parts;
    }

    /** The one fan-out of node writes, for documents and blobs alike (same deadlines, same threads). */
    @Produces
    @Singleton
    NodeFanOut nodeFanOut(GatewayConfig config, Backend backend, NodeTimeouts timeouts, TimeSource time, GatewayMetrics metrics) {
        GatewayConfig.NodeBatch b = config.gateway().nodeBatch();
        if (!b.enabled()) {
            return new NodeFanOut(backend.chunks(), nodeCalls, timeouts, time);
        }
        ChunkStore chunks = backend.chunks();
        NodeCoalescer<NodeFanOut.Put, Long> coalescer = NodeCoalescer.nonBlocking(NodeFanOut.batchPuts(chunks, time.clock()),
                b.maxInFlight(), b.maxChunks(), b.maxBytes().asLongValue(), p -> p.data().length, "batch PUT", metrics::nodeBatch);
        return new NodeFanOut(chunks, nodeCalls, timeouts, time, coalescer, b.chunkMax().asLongValue());
    }

    /**
     * The versions this gateway's requests settled, for the replay to skip without reading etcd. 65,536
     * cover a minute of writes at 1,000/s, several replay grace periods; a version forgotten is only
     * read from etcd as before.
     */
    @Produces
    @Singleton
    RecentCommits recentCommits() {
        return new RecentCommits(65_536);
    }

    /** The keys this gateway lately saw with a record, shared by its writes (which may skip reading others) and its reads. */
    @Produces
    @Singleton
    KnownKeys knownKeys(GatewayConfig config, GatewayMetrics metrics) {
        KnownKeys known = new KnownKeys(config.gateway().guessNewKeys(), config.gateway().knownKeys());
        metrics.knownKeys(known);
        return known;
    }

    @Produces
    @Singleton
    WriteService writeService(GatewayConfig config, Backend backend, ObjectWriter writer, GatewayMetrics metrics, Clock clock,
                              RecentCommits settled) {
        return new WriteService(backend.wal(), writer, backend.metadata(), metrics, clock, config.gateway().id(),
                config.gateway().failpoint().orElse(""), settled);
    }

    @Produces
    @Singleton
    ReadService readService(GatewayConfig config, Backend backend, NodeTimeouts timeouts, TimeSource time, GatewayMetrics metrics,
                            KnownKeys known, PartCache parts) {
        ReplicaStats stats = new ReplicaStats(time::nanoTime, config.gateway().hedgeFloor(), Duration.ofMillis(20));
        return new ReadService(backend.metadata(), backend.nodes(), chunkReads(config, backend, metrics), nodeCalls, stats, timeouts,
                time, metrics, known, parts);
    }

    /** Small chunk reads leave together per node, as small writes do, under the same GATEWAY_NODE_BATCH_* settings. */
    private ChunkReads chunkReads(GatewayConfig config, Backend backend, GatewayMetrics metrics) {
        GatewayConfig.NodeBatch b = config.gateway().nodeBatch();
        ChunkStore chunks = backend.chunks();
        if (!b.enabled()) {
            return ChunkReads.direct(chunks);
        }
        NodeCoalescer<ChunkReads.Wanted, byte[]> coalescer = NodeCoalescer.nonBlocking(ChunkReads.batchGets(chunks), nodeCalls,
                b.maxInFlight(), b.maxChunks(), b.maxBytes().asLongValue(), ChunkReads.Wanted::size, "batch GET", metrics::nodeBatchRead);
        return ChunkReads.coalesced(chunks, coalescer, b.chunkMax().asLongValue());
    }

    @Produces
    @Singleton
    CatalogueService catalogue(GatewayConfig config, Backend backend) {
        return new CatalogueService(backend.metadata(), config.gateway().catalogue().indexedFields().orElse(List.of()));
    }

    /** Builds the write settings at start-up, so a bad GATEWAY_CATALOGUE_INDEXED_FIELDS stops the gateway, not its first write. */
    void validateWriteSettings(@Observes StartupEvent start, ObjectWriter writer, GatewayConfig config) {
        LOG.debugf("object writer ready: %s", writer);
        if (!config.gateway().catalogue().indexWrites()) {
            LOG.warn("GATEWAY_CATALOGUE_INDEX_WRITES=false: writes leave out the catalogue's index entries (a benchmark switch);"
                    + " filtered listings miss what this gateway writes until POST /admin/index/rebuild");
        }
        if (!config.gateway().catalogue().usageWrites()) {
            LOG.warn("GATEWAY_CATALOGUE_USAGE_WRITES=false: writes leave out their usage deltas (a benchmark switch);"
                    + " the usage counters miss what this gateway writes until a recount");
        }
        if (!config.gateway().guessNewKeys()) {
            LOG.info("GATEWAY_GUESS_NEW_KEYS=false: every write reads its key before it plans");
        }
        if (!config.gateway().catalogue().coalescedCommits()) {
            LOG.warn("GATEWAY_CATALOGUE_COALESCED_COMMITS=false: every metadata commit is its own etcd request (a benchmark switch)");
        }
    }

    @Produces
    @Singleton
    BlobSettings blobSettings(GatewayConfig config) {
        GatewayConfig.Gateway g = config.gateway();
        GatewayConfig.Blob b = g.blob();
        return new BlobSettings(g.replicas(), g.dataShards(), g.parityShards(), b.smallMaxSize().asLongValue(),
                Math.toIntExact(b.stripeSize().asLongValue()), b.maxStripes(), b.maxSize().asLongValue(), b.stripesInFlight(),
                b.readAhead(), b.maxUploadTime());
    }

    /**
     * Builds the blob settings and the blob reader (its fetch budget) at start-up, so a bad GATEWAY_BLOB_*
     * combination stops the gateway, not its first upload or download.
     */
    /** Which transport the HTTP server and the node client run on: epoll, or NIO (switched off, or a warning). */
    void logTransport(@Observes StartupEvent start, Vertx vertx,
            @ConfigProperty(name = "quarkus.vertx.prefer-native-transport") boolean preferNative) {
        NetworkTransport.of(vertx, preferNative).log(LOG);
    }

    void validateBlobSettings(@Observes StartupEvent start, BlobSettings settings, BlobReader reader) {
        LOG.debugf("blob settings: %s", settings);
    }

    @Produces
    @Singleton
    BlobWriter blobWriter(GatewayConfig config, Backend backend, NodeFanOut fanOut, BlobSettings settings, Clock clock) {
        return new BlobWriter(backend.wal(), backend.metadata(), backend.nodes(), fanOut, settings, clock, config.gateway().id(),
                backend.uploads(), new ByteBudget(config.gateway().blob().writeBudget().asLongValue()));
    }

    @Produces
    @Singleton
    BlobReader blobReader(ReadService reads, BlobSettings settings, GatewayConfig config) {
        GatewayConfig.Blob blob = config.gateway().blob();
        return reads.blobReader(new ReadAhead(settings.readAhead(), blob.rangedReadAhead()), blob.fetchBudget().asLongValue(),
                new RecordCache.Bounds(blob.recordCacheEntries(), blob.recordCacheSize().asLongValue()));
    }

    @Produces
    @Singleton
    LabelWriter labelWriter(GatewayConfig config, Backend backend, Clock clock, RecentCommits settled) {
        return new LabelWriter(backend.wal(), backend.metadata(), clock, config.gateway().id(), settled,
                config.gateway().failpoint().orElse(""));
    }

    @Produces
    @Singleton
    LinkService linkService(Backend backend, Clock clock) {
        return new LinkService(backend.links(), backend.metadata(), clock);
    }

    @Produces
    @Singleton
    SyncService syncService(Backend backend, Clock clock) {
        return new SyncService(backend.uploads(), backend.healerState(), clock);
    }

    @Produces
    @Singleton
    AccessService accessService(Backend backend) {
        return new AccessService(backend.accessRules(), backend.metadata());
    }

    @Produces
    @Singleton
    WalApplier walApplier(Backend backend, ObjectWriter writer, RecentCommits settled, LabelWriter labels) {
        return new WalApplier(backend.metadata(), writer, settled, labels, backend.uploads());
    }

    @Produces
    @Singleton
    ReplayPolicy replayPolicy(GatewayConfig config) {
        return new ReplayPolicy(config.gateway().replay().maxAttempts(), config.gateway().replay().deadLetterMax());
    }

    @Produces
    @Singleton
    DeadLetters deadLetters(GatewayConfig config, Backend backend, WalApplier applier, GatewayMetrics metrics, Clock clock,
                            ReplayPolicy policy) {
        metrics.deadLettersWaiting(backend.deadLetters());
        return new DeadLetters(backend.deadLetters(), applier, metrics, clock, config.gateway().id(), policy.deadLetterMax());
    }

    /** Runs at start-up whether or not this gateway replays, so a bad policy stops it and the gauge exists. */
    void startReplay(@Observes StartupEvent start, GatewayConfig config, Backend backend, WalApplier applier,
                     DeadLetters deadLetters, ReplayPolicy policy, GatewayMetrics metrics, Clock clock) {
        GatewayConfig.Replay r = config.gateway().replay();
        if (!r.enabled() || backend.walReader() == null) {
            LOG.info("WAL replay is off for this gateway");
            return;
        }
        var reader = new java.util.concurrent.atomic.AtomicReference<io.hybridstore.io.kafka.WalReader>();
        replay = new ReplayRunner(() -> {
            reader.set(backend.walReader().get());
            return new WalReplay(reader.get(), applier, deadLetters, clock, r.grace(), metrics, Thread::sleep, policy);
        }, () -> {
            if (reader.get() != null) {
                reader.get().close();
            }
        }, r.backoff());
        replay.start();
    }

    void startUsageFolder(@Observes StartupEvent start, GatewayConfig config, Backend backend) {
        usageFolder = new UsageFolder(backend.usage(), config.gateway().usageFoldInterval());
    }

    void stopReplay(@Observes ShutdownEvent stop) {
        if (replay != null) {
            replay.close();
        }
        if (usageFolder != null) {
            usageFolder.close();
        }
        nodeCalls.shutdownNow();
    }
}
