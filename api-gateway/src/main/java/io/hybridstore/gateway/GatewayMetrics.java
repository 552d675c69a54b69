package io.hybridstore.gateway;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.tracker.QueueWaits;
import io.hybridstore.gateway.read.PartCache;
import io.hybridstore.gateway.write.KnownKeys;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * The gateway's meters: a histogram per phase of writes and reads ({@code hybridstore.gateway.phase},
 * tags op and phase), dedup hits per part, 202s, lost races, unsettled stragglers, replay outcomes and failures, dead letters.
 */
public final class GatewayMetrics {

    private static final Logger LOG = Logger.getLogger(GatewayMetrics.class);

    private final MeterRegistry registry;
    private final DistributionSummary batchSizes;
    private final DistributionSummary readBatchSizes;
    private final Timer batchPutTime;
    private final Timer batchGetTime;
    private final QueueWaits putWaits = new QueueWaits("batch PUT (all nodes)");
    private final QueueWaits getWaits = new QueueWaits("batch GET (all nodes)");
    /**
     * The phase timers by op and phase, held: looking one up in the registry (a builder, an id with
     * its tags, the registry's map) on every request cost more than recording in it, on every write
     * and read of the hot path.
     */
    private final Map<String, Map<String, Timer>> phaseTimers = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("hybridstore.gateway.node.batch.chunks").tag("op", "put")
                .description("chunks per batch request to a storage node").register(registry);
        this.readBatchSizes = DistributionSummary.builder("hybridstore.gateway.node.batch.chunks").tag("op", "get")
                .description("chunks per batch request to a storage node").register(registry);
        this.batchPutTime = batchTimer("put");
        this.batchGetTime = batchTimer("get");
    }

    private Timer batchTimer(String op) {
        return Timer.builder("hybridstore.gateway.node.batch").tag("op", op)
                .description("batch requests to a storage node, from the send to the answer").publishPercentileHistogram().register(registry);
    }

    public void recordWrite(WriteResult result, Timings timings) {
        recordPhases("write", timings);
        result.dedup().forEach(part -> counter("hybridstore.gateway.dedup.hits", "part", part).increment());
        if (result.committed() && (result.state() == ObjectState.DIRTY || result.state() == ObjectState.IN_PROGRESS)) {
            counter("hybridstore.gateway.writes.accepted", "status", "202").increment();
        }
        if (!result.committed()) {
            counter("hybridstore.gateway.writes.superseded").increment();
        }
    }

    public void recordPhases(String op, Timings timings) {
        Map<String, Timer> timers = phaseTimers.computeIfAbsent(op, o -> new ConcurrentHashMap<>());
        timings.forEach((phase, nanos) -> timers.computeIfAbsent(phase, p -> phaseTimer(op, p)).record(nanos, TimeUnit.NANOSECONDS));
    }

    private Timer phaseTimer(String op, String phase) {
        return Timer.builder("hybridstore.gateway.phase").tag("op", op).tag("phase", phase)
                .publishPercentileHistogram().register(registry);
    }

    public void replayed(String outcome) {
        counter("hybridstore.gateway.replay.records", "outcome", outcome).increment();
    }

    /** A replay attempt that failed: {@code kind} retryable, permanent, unexpected or error. */
    public void replayFailure(String kind) {
        counter("hybridstore.gateway.replay.failures", "kind", kind).increment();
    }

    /** A WAL record set aside ({@code hybridstore_gateway_replay_dead_letters_total}); {@code code} is its ErrorCode or UNEXPECTED. */
    public void deadLettered(String code) {
        counter("hybridstore.gateway.replay.dead.letters", "code", code).increment();
    }

    /** An operator's decision on a dead letter: {@code action} redriven or discarded. */
    public void deadLetterHandled(String action) {
        counter("hybridstore.gateway.replay.dead.letters.handled", "action", action).increment();
    }

    /**
     * Dead letters waiting, cluster-wide, read from the store at each scrape (one bounded count;
     * NaN while the store cannot answer).
     */
    public void deadLettersWaiting(DeadLetterStore store) {
        Gauge.builder("hybridstore.gateway.replay.dead.letters.waiting", store, s -> {
            try {
                return s.count();
            } catch (StoreException e) {
                return Double.NaN;
            }
        }).register(registry);
    }

    /** Blob payload bytes, {@code direction} "in" (uploads) or "out" (downloads). */
    public void blobBytes(String direction, long bytes) {
        counter("hybridstore.gateway.blob.bytes", "direction", direction).increment(bytes);
    }

    /** Blob uploads by outcome: 200, 202, superseded, rejected (4xx), failed (5xx). */
    public void blobUpload(String outcome) {
        counter("hybridstore.gateway.blob.uploads", "outcome", outcome).increment();
    }

    /**
     * A write answered 202 in_progress whose record could not be settled once its stragglers
     * answered: {@code reason} "error" (etcd failed) or "lost_races". The healer settles it later.
     */
    public void stragglersUnsettled(String reason) {
        counter("hybridstore.gateway.stragglers.unsettled", "reason", reason).increment();
    }

    /**
     * Blob opens that found the record in the gateway's record cache ({@code result} hit: a revision
     * read only) and those that read the whole record (miss), counted by the cache and read at each scrape.
     * The registry holds {@code cache} weakly: it must be the cache itself (its reader holds it), never
     * a lambda over it that nothing else holds (collected, the counter reads NaN).
     */
    public <T> void recordCache(T cache, ToLongFunction<T> hits, ToLongFunction<T> misses) {
        hitsAndMisses("hybridstore.gateway.read.record.cache", "blob opens that found the object's record in memory",
                cache, hits, misses);
    }

    /**
     * Documents' parts a read found in the part cache ({@code hybridstore.gateway.read.part.cache}, tag result
     * hit or miss: fetched from the nodes), and the cache's heap ({@code ...part.cache.bytes}, entries'
     * overhead included) and parts held ({@code ...part.cache.parts}). Read at each scrape; the registry
     * holds {@code parts} weakly, and the read service and object writer hold it.
     */
    public void partCache(PartCache parts) {
        hitsAndMisses("hybridstore.gateway.read.part.cache", "documents' parts looked for in the gateway's memory",
                parts, PartCache::hits, PartCache::misses);
        Gauge.builder("hybridstore.gateway.read.part.cache.bytes", parts, PartCache::weight).baseUnit("bytes")
                .description("heap the part cache holds").register(registry);
        Gauge.builder("hybridstore.gateway.read.part.cache.parts", parts, PartCache::size)
                .description("parts the part cache holds").register(registry);
    }

    /**
     * What the writes of this gateway did first ({@code hybridstore.gateway.write.key.plans}, tag plan):
     * {@code known} read a key the gateway knew, {@code guess_held} skipped the read of a new key,
     * {@code guess_wrong} skipped it but the key had a record (planned again from a read), and
     * {@code unknown_read} read an unknown key because guessing was off or suspended; beside it the
     * gauge {@code hybridstore.gateway.write.key.guesses.suspended} (1 while suspended). Read at each scrape.
     */
    public void knownKeys(KnownKeys known) {
        plans(known, "known", KnownKeys::knownCount);
        plans(known, "guess_held", KnownKeys::guessesHeld);
        plans(known, "guess_wrong", KnownKeys::guessesWrong);
        plans(known, "unknown_read", KnownKeys::unknownRead);
        Gauge.builder("hybridstore.gateway.write.key.guesses.suspended", known, k -> k.suspended() ? 1 : 0)
                .description("1 while the gateway reads unknown keys first (too many guesses were wrong lately)").register(registry);
    }

    /** A cache's hits and misses as one counter tagged {@code result} hit or miss, read at each scrape. */
    private <T> void hitsAndMisses(String name, String description, T cache, ToLongFunction<T> hits, ToLongFunction<T> misses) {
        FunctionCounter.builder(name, cache, hits::applyAsLong).tag("result", "hit").description(description).register(registry);
        FunctionCounter.builder(name, cache, misses::applyAsLong).tag("result", "miss").description(description).register(registry);
    }

    private void plans(KnownKeys known, String plan, ToLongFunction<KnownKeys> count) {
        FunctionCounter.builder("hybridstore.gateway.write.key.plans", known, count::applyAsLong).tag("plan", plan)
                .description("what writes did first: read their key or guess it new").register(registry);
    }

    public void damageFound(String kind) {
        counter("hybridstore.gateway.read.damage", "kind", kind).increment();
    }

    /**
     * A batch request to a node: its chunks (how much concurrent writes coalesce) and its time as the
     * gateway saw it, send to answer (beside the node's own {@code hybridstore_node_requests_seconds},
     * what a write's {@code store} phase waits for besides the node).
     */
    public void nodeBatch(long[] chunkWaitNanos, long nanos) {
        batchSizes.record(chunkWaitNanos.length);
        batchPutTime.record(nanos, TimeUnit.NANOSECONDS);
        log(putWaits.batch(chunkWaitNanos, nanos));
    }

    /** A batch read from a node: how long each of its chunks waited to leave, and its time, send to answer. */
    public void nodeBatchRead(long[] chunkWaitNanos, long nanos) {
        readBatchSizes.record(chunkWaitNanos.length);
        batchGetTime.record(nanos, TimeUnit.NANOSECONDS);
        log(getWaits.batch(chunkWaitNanos, nanos));
    }

    /** A closed window of a coalescer's waits ({@link QueueWaits}): one line per 10 s of batches, none while idle. */
    private static void log(String queueWindow) {
        if (queueWindow != null) {
            LOG.info(queueWindow);
        }
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }
}
