package io.hybridstore.common.repair;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.ChunkStore.ChunkPut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Carries out many small {@link RepairPlan}s together, so that a page of repairs costs a few
 * requests per node rather than several per object: the sources every plan reads go to their node in
 * one batch read ({@link ChunkStore#getAll}), the new copies in one batch write
 * ({@link ChunkStore#putAll}), all nodes at once. Why: a document's repair moves about 4 KiB, and
 * one request per chunk cost the healer milliseconds of CPU per object (docs/benchmarks.md).
 *
 * <p>The checks are {@link RepairExecutor}'s: a replica must match the hot SHA-256, a source shard
 * its size and CRC32C, a rebuilt part its checksums, before anything is uploaded. A source that fails
 * is replaced by the next healthy one in another round of reads ({@link PlanRun}); one found bad
 * is reported in the outcome's damaged sources. Every request first takes its bytes from the byte
 * budget. What one plan's copies did is that plan's outcome alone.
 *
 * <p>Meant for plans whose bytes fit in memory together (documents, small blobs); a striped blob
 * goes one stripe at a time through {@link RepairExecutor}.
 */
final class BatchRepair {

    /** Chunks per batch request: under the node's {@code NODE_BATCH_MAX_COUNT} (1,000 by default). */
    static final int MAX_CHUNKS_PER_REQUEST = 500;
    /** Bytes per batch request: far under the node's {@code NODE_BATCH_MAX_BYTES} (64 MiB by default). */
    static final long MAX_BYTES_PER_REQUEST = 8L << 20;

    private final ChunkStore chunks;
    private final ByteRateLimiter limiter;
    private final Reconstruction reconstruction;

    BatchRepair(ChunkStore chunks, ByteRateLimiter limiter, Reconstruction reconstruction) {
        this.chunks = chunks;
        this.limiter = limiter;
        this.reconstruction = reconstruction;
    }

    /** Runs the plans untimed (tests). */
    List<RepairOutcome> execute(List<RepairPlan> plans, Map<String, NodeInfo> live, BooleanSupplier leader)
            throws InterruptedException {
        return execute(plans, live, leader, PageTimes.started());
    }

    /**
     * Runs the plans; one outcome per plan, in order. No read round and no write starts once
     * {@code leader} turns false. The reads, the rebuild and the writes are timed in {@code times}.
     */
    List<RepairOutcome> execute(List<RepairPlan> plans, Map<String, NodeInfo> live, BooleanSupplier leader, PageTimes times)
            throws InterruptedException {
        List<PlanRun> jobs = plans.stream().map(PlanRun::new).toList();
        // Rounds of reads: each job asks for what it still lacks from its next untried sources.
        while (leader.getAsBoolean()) {
            Map<String, Map<String, Long>> wanted = new TreeMap<>(); // node → chunk id → expected bytes
            jobs.forEach(job -> job.ask(live, wanted));
            if (wanted.isEmpty()) {
                break;
            }
            long reading = times.start();
            Map<String, PlanRun.Read> answers = read(wanted, live, times);
            times.stop(PageTimes.Step.READ, reading);
            jobs.forEach(job -> job.take(answers));
        }
        long rebuilding = times.start();
        Map<String, NodeInfo> targets = new TreeMap<>();
        Map<String, Map<String, ChunkPut>> puts = new TreeMap<>(); // node → chunk id → put (one put per copy, however many plans want it)
        for (PlanRun job : jobs) {
            job.rebuild(reconstruction);
            for (PlanRun.Copy copy : job.copies()) {
                targets.put(copy.target().id(), copy.target());
                puts.computeIfAbsent(copy.target().id(), n -> new LinkedHashMap<>())
                        .putIfAbsent(copy.chunkId(), new ChunkPut(copy.chunkId(), copy.data(), copy.sha256()));
            }
        }
        times.stop(PageTimes.Step.REBUILD, rebuilding);
        long writing = times.start();
        Map<String, String> refused = leader.getAsBoolean() ? write(puts, targets, times) : null;
        times.stop(PageTimes.Step.WRITE, writing);
        return jobs.stream().map(job -> job.outcome(refused)).toList();
    }

    /** One batch read per node and slice, all at once; every chunk asked gets an answer. */
    private Map<String, PlanRun.Read> read(Map<String, Map<String, Long>> wanted, Map<String, NodeInfo> live, PageTimes times)
            throws InterruptedException {
        Map<String, PlanRun.Read> answers = new ConcurrentHashMap<>();
        List<Runnable> calls = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (var entry : wanted.entrySet()) {
            NodeInfo node = live.get(entry.getKey());
            for (List<String> slice : slices(new ArrayList<>(entry.getValue().keySet()), id -> entry.getValue().get(id))) {
                sizes.add(limiter.cost(slice.stream().mapToLong(id -> entry.getValue().get(id)).sum(), slice.size()));
                calls.add(() -> readSlice(node, slice, answers));
            }
        }
        times.requests(calls.size());
        runAll(calls, sizes);
        return answers;
    }

    private void readSlice(NodeInfo node, List<String> ids, Map<String, PlanRun.Read> answers) {
        try {
            for (ChunkStore.GetOutcome outcome : chunks.getAll(node, ids)) {
                answers.put(AuditFacts.copyKey(node.id(), outcome.chunkId()), outcome.error() == null
                        ? PlanRun.Read.of(outcome.data())
                        : PlanRun.Read.failed(RepairExecutor.saysCopyIsBad(outcome.error()), outcome.error().name()));
            }
        } catch (RuntimeException e) {
            // The node did not answer: says nothing about its copies. Adapters throw classified StoreExceptions.
            ids.forEach(id -> answers.put(AuditFacts.copyKey(node.id(), id), PlanRun.Read.failed(false, e.getMessage())));
        }
    }

    /** One batch write per node and slice, all at once; returns the copies ({@link AuditFacts#copyKey}) not stored, and why. */
    private Map<String, String> write(Map<String, Map<String, ChunkPut>> puts, Map<String, NodeInfo> targets, PageTimes times)
            throws InterruptedException {
        Map<String, String> refused = new ConcurrentHashMap<>();
        List<Runnable> calls = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (var entry : puts.entrySet()) {
            NodeInfo node = targets.get(entry.getKey());
            Map<String, ChunkPut> byId = entry.getValue();
            for (List<String> slice : slices(new ArrayList<>(byId.keySet()), id -> byId.get(id).data().length)) {
                List<ChunkPut> batch = slice.stream().map(byId::get).toList();
                sizes.add(limiter.cost(batch.stream().mapToLong(p -> p.data().length).sum(), batch.size()));
                calls.add(() -> writeSlice(node, batch, refused));
            }
        }
        times.requests(calls.size());
        runAll(calls, sizes);
        return refused;
    }

    private void writeSlice(NodeInfo node, List<ChunkPut> batch, Map<String, String> refused) {
        try {
            for (ChunkStore.PutOutcome outcome : chunks.putAll(node, batch)) {
                if (!outcome.isStored()) {
                    refused.put(AuditFacts.copyKey(node.id(), outcome.chunkId()),
                            "put " + outcome.chunkId() + " on " + node.id() + ": " + outcome.failure().getMessage());
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> refused.put(AuditFacts.copyKey(node.id(), p.chunkId()),
                    "put " + p.chunkId() + " on " + node.id() + ": " + e.getMessage()));
        }
    }

    /** Starts each call once the byte budget has its cost ({@link ByteRateLimiter#cost}), on a virtual thread, and waits for all. */
    private void runAll(List<Runnable> calls, List<Long> sizes) throws InterruptedException {
        List<Future<?>> running = new ArrayList<>(calls.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls.size(); i++) {
                limiter.acquire(sizes.get(i), 0); // the chunks' cost is in it
                running.add(pool.submit(calls.get(i)));
            }
            for (Future<?> call : running) {
                call.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch repair request failed", e.getCause()); // the calls catch; a bug if reached
        }
    }

    /** Ids cut into requests of at most {@link #MAX_CHUNKS_PER_REQUEST} chunks and {@link #MAX_BYTES_PER_REQUEST} bytes. */
    static List<List<String>> slices(List<String> ids, java.util.function.ToLongFunction<String> size) {
        List<List<String>> slices = new ArrayList<>();
        List<String> slice = new ArrayList<>();
        long bytes = 0;
        for (String id : ids) {
            long n = size.applyAsLong(id);
            if (!slice.isEmpty() && (slice.size() == MAX_CHUNKS_PER_REQUEST || bytes + n > MAX_BYTES_PER_REQUEST)) {
                slices.add(slice);
                slice = new ArrayList<>();
                bytes = 0;
            }
            slice.add(id);
            bytes += n;
        }
        if (!slice.isEmpty()) {
            slices.add(slice);
        }
        return slices;
    }

    /** Whether a plan belongs here: what it reads and writes stays under {@code maxBytes}. */
    static boolean small(RepairPlan plan, long maxBytes) {
        return PlanRun.plannedBytes(plan) <= maxBytes;
    }
}
