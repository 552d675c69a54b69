package io.hybridstore.gateway.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.split.HotColdSplit;
import io.hybridstore.common.split.PartSplice;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.write.ReplicaStats;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.write.KnownKeys;
import io.hybridstore.gateway.write.Timings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The read path: metadata, then the hot part (hedged over replicas) and the cold part (data shards,
 * parity on failure) concurrently, each verified against its SHA-256, merged in written order; a part
 * the {@link PartCache} holds by that SHA-256 is taken from memory instead (a part fetched is kept from
 * its second miss on). Any damaged copy seen on the
 * way is reported for the healer, even when the read succeeded.
 */
public final class ReadService {

    /**
     * A document and the version it is at (the ETag).
     *
     * @param json the document's bytes as the answer sends them (written order, the exact-number mapper)
     */
    public record ReadResult(ObjectMetadata metadata, byte[] json) {

        /** The document parsed again (tests; the answer sends {@link #json}). */
        public ObjectNode document() {
            return CanonicalJson.parseStoredObject(json);
        }
    }

    private final MetadataStore metadata;
    private final HotReader hotReader;
    private final ColdReader coldReader;
    private final ChunkFetcher fetcher;
    private final DamageReporter damage;
    private final ExecutorService executor;
    private final GatewayMetrics metrics;
    private final KnownKeys known;
    private final PartCache parts;

    public ReadService(MetadataStore metadata, NodeDirectory nodes, ChunkReads reads, ExecutorService executor,
                       ReplicaStats stats, NodeTimeouts timeouts, TimeSource time, GatewayMetrics metrics) {
        this(metadata, nodes, reads, executor, stats, timeouts, time, metrics, KnownKeys.none(), PartCache.off());
    }

    /**
     * @param known told of every document a read finds, so a write of it reads it first (labels, dedup)
     * @param parts documents' parts held in memory: looked in before the nodes, given each part fetched and verified
     */
    public ReadService(MetadataStore metadata, NodeDirectory nodes, ChunkReads reads, ExecutorService executor,
                       ReplicaStats stats, NodeTimeouts timeouts, TimeSource time, GatewayMetrics metrics, KnownKeys known,
                       PartCache parts) {
        this.known = known;
        this.parts = parts;
        this.metadata = metadata;
        this.fetcher = new ChunkFetcher(reads, nodes, executor, stats, time);
        this.hotReader = new HotReader(fetcher, timeouts);
        this.coldReader = new ColdReader(fetcher, timeouts);
        this.damage = new DamageReporter(metadata);
        this.executor = executor;
        this.metrics = metrics;
    }

    public ObjectMetadata metadata(String key) {
        return metadata.get(key).map(MetadataStore.Stored::metadata).orElseThrow(() -> StoreException.notFound("no object " + key));
    }

    /** The blob read path over the same readers, damage reports and node statistics, its fetches unbounded. */
    public BlobReader blobReader(int readAhead, RecordCache.Bounds records) {
        return new BlobReader(recordCache(records), hotReader, coldReader, damage, executor, metrics, ReadAhead.uniform(readAhead),
                FetchBudget.unbounded());
    }

    /**
     * The blob read path whose downloads read {@code readAhead} stripes ahead and together fetch at most
     * {@code fetchBudget} bytes of stripes at once, and whose opens keep up to {@code records} of decoded records.
     */
    public BlobReader blobReader(ReadAhead readAhead, long fetchBudget, RecordCache.Bounds records) {
        return new BlobReader(recordCache(records), hotReader, coldReader, damage, executor, metrics, readAhead,
                new FetchBudget(fetchBudget));
    }

    private RecordCache recordCache(RecordCache.Bounds bounds) {
        RecordCache cache = new RecordCache(metadata, bounds);
        metrics.recordCache(cache, RecordCache::hits, RecordCache::misses);
        return cache;
    }

    public ReadResult read(String key, Timings timings) {
        MetadataStore.Stored stored = timings.time("meta", () -> metadata.get(key))
                .filter(s -> !s.metadata().deleted())
                .orElseThrow(() -> StoreException.notFound("no object " + key));
        ObjectMetadata m = stored.metadata();
        known.remember(key);
        if (m.holdsBlob()) {
            throw new StoreException(ErrorCode.KIND_MISMATCH, key + " holds a blob; read it with GET /blobs/{name}");
        }
        List<ChunkLocation> damaged = new CopyOnWriteArrayList<>();
        boolean[] decoded = new boolean[1];
        try {
            byte[][] bytes = timings.time("fetch", () -> fetchBoth(m, damaged, decoded));
            byte[] json = timings.time("decode", () -> answer(m, bytes[0], bytes[1]));
            metrics.recordPhases("read", timings);
            return new ReadResult(m, json);
        } finally {
            if (!damaged.isEmpty()) {
                damaged.forEach(d -> metrics.damageFound(d.chunkId().startsWith("h-") ? "hot" : "cold"));
                damage.report(stored, damaged);
            }
        }
    }

    /**
     * The answer's bytes: spliced from the parts' bytes ({@link PartSplice}), or, for parts that are not
     * compact, both parsed, merged and written again.
     */
    static byte[] answer(ObjectMetadata m, byte[] hot, byte[] cold) {
        byte[] spliced = PartSplice.merge(m.fieldOrder(), hot, cold);
        if (spliced != null) {
            return spliced;
        }
        ObjectNode document = HotColdSplit.merge(m.fieldOrder(), hot == null ? null : CanonicalJson.parseStoredObject(hot),
                cold == null ? null : CanonicalJson.parseStoredObject(cold));
        try {
            return CanonicalJson.mapper().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "cannot serialize " + m.key(), e);
        }
    }

    /**
     * The parts the cache holds from memory, the others from the nodes: both at once, the planned
     * copies that share a node in one request (the plan asks the fewest nodes for the parts still
     * wanted); the hot part's hedges and the cold part's spares go on from there as before. Each part
     * fetched is verified against its SHA-256 (the readers never return other bytes), then kept.
     */
    private byte[][] fetchBoth(ObjectMetadata m, List<ChunkLocation> damaged, boolean[] decoded) {
        byte[] hotKept = m.hot() == null ? null : parts.get(m.hot().sha256(), m.hot().size());
        byte[] coldKept = m.cold() == null ? null : parts.get(m.cold().sha256(), m.cold().size());
        HotPart hot = hotKept == null ? m.hot() : null;
        ColdPart cold = coldKept == null ? m.cold() : null;
        if (hot == null && cold == null) {
            return new byte[][] {hotKept, coldKept};
        }
        byte[][] fetched;
        try (ChunkFetcher.Wave wave = fetcher.startWave(hot, cold)) {
            fetched = fetchBoth(hot, cold, wave, damaged, decoded);
        }
        if (hot != null) {
            parts.admit(hot.sha256(), fetched[0]);
        }
        if (cold != null && !cold.checkedPerShard()) { // a document's cold part is checked whole, by its SHA-256
            parts.admit(cold.sha256(), fetched[1]);
        }
        return new byte[][] {hotKept != null ? hotKept : fetched[0], coldKept != null ? coldKept : fetched[1]};
    }

    /**
     * The verified bytes of {@code hot} and {@code cold} (either null: not wanted, null in its place),
     * both read on this thread: their tracker loops share it and one queue of answers ({@link PartLoop}).
     * A failed hot part fails the read at once; a cold part's failure is reported once the hot part is read.
     */
    private byte[][] fetchBoth(HotPart hot, ColdPart cold, ChunkFetcher.Wave wave, List<ChunkLocation> damaged, boolean[] decoded) {
        if (hot == null) {
            return new byte[][] {null, coldReader.read(cold, wave, damaged, decoded)};
        }
        if (cold == null) {
            return new byte[][] {hotReader.read(hot, wave, damaged), null};
        }
        BlockingQueue<Fetch> answers = new LinkedBlockingQueue<>();
        try (ChunkFetcher.Round hotRound = fetcher.round(hot.size(), wave, answers);
             ChunkFetcher.Round coldRound = fetcher.round(cold.shardSize(), wave, answers)) {
            HotReader.Read hotRead = hotReader.start(hot, wave, hotRound, damaged);
            ColdReader.First coldRead = coldReader.start(cold, wave, coldRound, damaged);
            PartLoop.run(fetcher.time(), answers, List.of(hotRead, coldRead.read()));
            byte[] hotBytes = hotRead.bytes();
            return new byte[][] {hotBytes, coldReader.finish(cold, coldRead, damaged, decoded)};
        }
    }
}
