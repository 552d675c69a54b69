package io.hybridstore.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryWriteAheadLog;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.split.SplitPolicy;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.blob.BlobResult;
import io.hybridstore.gateway.blob.BlobSettings;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.read.ChunkReads;
import io.hybridstore.gateway.read.PartCache;
import io.hybridstore.gateway.read.ReadService;
import io.hybridstore.gateway.read.RecordCache;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.KnownKeys;
import io.hybridstore.gateway.write.NodeFanOut;
import io.hybridstore.gateway.write.ObjectWriter;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteResult;
import io.hybridstore.gateway.write.WriteService;
import io.hybridstore.gateway.write.WriteSettings;
import io.hybridstore.gateway.write.WrittenParts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/** The write and read paths over the in-memory fakes: 8 nodes, no zones, 3 replicas, RS(4,2). */
public final class Fixture implements AutoCloseable {

    public final InMemoryMetadataStore metadata = new InMemoryMetadataStore();
    /** The fake fleet when the fixture runs on one (null over another store). */
    public final InMemoryChunkStore chunks;
    public final ChunkStore store;
    public final StaticNodeDirectory nodes = StaticNodeDirectory.of(8, 0);
    public final InMemoryWriteAheadLog wal = new InMemoryWriteAheadLog();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final GatewayMetrics metrics = new GatewayMetrics(registry);
    public final CountingExecutor executor = new CountingExecutor();
    /** Every deadline, hedge delay and timestamp of the paths reads this (real time unless a test passes a manual one). */
    public final TimeSource time;
    public final Clock clock;
    public final ObjectWriter writer;
    public final WriteService writes;
    public final ReadService reads;
    /** Blob settings scaled down so stripes are cheap: replicated up to 1 KiB, 4 KiB stripes, at most 64 of them. */
    public final BlobSettings blobSettings = new BlobSettings(3, 4, 2, 1024, 4096, 64, 1L << 20, 2, 3, Duration.ofMinutes(1));
    public final BlobWriter blobs;
    public final BlobReader blobReader;
    /** The documents' parts the read path keeps (off unless a test passes one). */
    public final PartCache parts;

    public Fixture() {
        this(new InMemoryChunkStore(), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    /** Over {@code store} (e.g. a slowed-down fake) with the given answer and node timeouts. */
    public Fixture(ChunkStore store, Duration answerTimeout, Duration nodeTimeout) {
        this(store, answerTimeout, nodeTimeout, TimeSource.SYSTEM);
    }

    /**
     * Over {@code store} on {@code time}: with a {@link io.hybridstore.common.spi.memory.ManualTimeSource}
     * no deadline passes and no hedge is due until the test advances it. Hedge delays: 20 ms for an
     * unmeasured node, at least 5 ms.
     */
    public Fixture(ChunkStore store, Duration answerTimeout, Duration nodeTimeout, TimeSource time) {
        this(store, answerTimeout, nodeTimeout, time, PartCache.off(), WrittenParts.NONE);
    }

    /**
     * Over {@code store} with a part cache: the reads look in {@code parts} and keep what they fetch, the
     * writer tells {@code written} what it committed ({@code parts} itself, or NONE: as if another gateway wrote).
     */
    public Fixture(ChunkStore store, PartCache parts, WrittenParts written) {
        this(store, Duration.ofSeconds(2), Duration.ofSeconds(2), TimeSource.SYSTEM, parts, written);
    }

    private Fixture(ChunkStore store, Duration answerTimeout, Duration nodeTimeout, TimeSource time, PartCache parts,
                    WrittenParts written) {
        this.parts = parts;
        WriteSettings settings = new WriteSettings(3, 4, 2, SplitPolicy.byValueOnly(256));
        NodeTimeouts timeouts = new NodeTimeouts(answerTimeout, nodeTimeout, 4L << 20);
        this.store = store;
        this.chunks = store instanceof InMemoryChunkStore mem ? mem : null;
        this.time = time;
        this.clock = time.clock();
        writer = new ObjectWriter(metadata, nodes, new NodeFanOut(store, executor, timeouts, time), settings, clock, metrics,
                KnownKeys.none(), written);
        writes = new WriteService(wal, writer, metadata, metrics, clock, "test-gateway", "");
        reads = new ReadService(metadata, nodes, ChunkReads.direct(store), executor,
                new ReplicaStats(time::nanoTime, Duration.ofMillis(5), Duration.ofMillis(20)), timeouts, time, metrics,
                KnownKeys.none(), parts);
        blobs = new BlobWriter(wal, metadata, nodes, new NodeFanOut(store, executor, timeouts, time),
                blobSettings, clock, "test-gateway");
        // with a record cache, so every blob test that overwrites or deletes and reads again checks it serves no stale record
        blobReader = reads.blobReader(blobSettings.readAhead(), new RecordCache.Bounds(16, 1L << 20));
    }

    public static ObjectNode doc(String json) {
        return (ObjectNode) CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public WriteResult write(String key, String json) {
        return writes.write(key, doc(json), new Timings());
    }

    public ObjectNode read(String key) {
        return reads.read(key, new Timings()).document();
    }

    /** Stores {@code data} as an octet-stream blob named {@code name}. */
    public BlobResult putBlob(String name, byte[] data) {
        return blobs.write(new BlobWriter.Upload(name, "application/octet-stream", null, (long) data.length), new ByteArrayInputStream(data),
                new Timings());
    }

    /** {@code n} bytes drawn from {@code seed}: the same every run. */
    public static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public ObjectMetadata meta(String key) {
        return metadata.get(key).orElseThrow().metadata();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
