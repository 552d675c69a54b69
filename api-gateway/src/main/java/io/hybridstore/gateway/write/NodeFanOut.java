package io.hybridstore.gateway.write;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * Sends chunk writes to their nodes all at once (one virtual thread each). The caller first waits
 * up to the answer timeout ({@link Batch#awaitAnswer}); puts still running then are PENDING
 * stragglers that keep going until the node timeout ({@link Batch#awaitAll}) and are cancelled
 * after it. Every put ends with an outcome: the time its node acknowledged, or the classified error.
 */
public final class NodeFanOut {

    private static final Logger LOG = Logger.getLogger(NodeFanOut.class);

    /** One chunk write: {@code index} is the replica number or shard index it fills. */
    public record Put(int index, NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
    }

    /** What became of one put: stored ({@code storedAtMillis > 0}), failed ({@code error}) or still pending (neither). */
    public record Outcome(Put put, long storedAtMillis, ErrorCode error) {
        public boolean stored() {
            return storedAtMillis > 0;
        }

        public boolean pending() {
            return storedAtMillis == 0 && error == null;
        }

        /** Where the copy went, as the record lists it (stored at 0: not stored, yet). */
        public ChunkLocation location() {
            return new ChunkLocation(put.index(), put.node().id(), put.chunkId(), storedAtMillis);
        }
    }

    /**
     * The locations of a part's copies: one per outcome (its puts had indices 0..n-1), then those of
     * the copies no live node could take, listed unplaced so that the healer places them later.
     */
    public static List<ChunkLocation> locations(List<Outcome> outcomes, int wanted, IntFunction<String> chunkIdOf) {
        List<ChunkLocation> locations = new ArrayList<>(wanted);
        for (Outcome o : outcomes) {
            locations.add(o.location());
        }
        for (int i = outcomes.size(); i < wanted; i++) {
            locations.add(ChunkLocation.unplaced(i, chunkIdOf.apply(i)));
        }
        return locations;
    }

    private final ChunkStore chunks;
    private final ExecutorService executor;
    private final Duration answerTimeout;
    private final Duration nodeTimeout;
    private final long minBytesPerSecond;
    private final Clock clock;
    private final NodeWriteCoalescer coalescer;
    private final long coalesceMaxBytes;

    /**
     * @param answerTimeout how long a write waits for its slowest node before answering with the rest pending
     * @param nodeTimeout   how long a small put may take at all
     * @param minBytesPerSecond the slowest transfer rate still considered healthy: both timeouts grow
     *                      by the time the largest put of a write needs at this rate, so a 2.5 MiB
     *                      shard is not held to the deadline of a 100-byte replica
     */
    public NodeFanOut(ChunkStore chunks, ExecutorService executor, Duration answerTimeout, Duration nodeTimeout,
                      long minBytesPerSecond, Clock clock) {
        this(chunks, executor, answerTimeout, nodeTimeout, minBytesPerSecond, clock, null, 0);
    }

    /**
     * @param coalescer        sends puts of at most {@code coalesceMaxBytes} in batches per node (null: every put
     *                         is a request of its own); larger ones (blob stripe shards) always go alone
     */
    public NodeFanOut(ChunkStore chunks, ExecutorService executor, Duration answerTimeout, Duration nodeTimeout,
                      long minBytesPerSecond, Clock clock, NodeWriteCoalescer coalescer, long coalesceMaxBytes) {
        this.coalescer = coalescer;
        this.coalesceMaxBytes = coalesceMaxBytes;
        this.chunks = chunks;
        this.executor = executor;
        this.answerTimeout = answerTimeout.compareTo(nodeTimeout) < 0 ? answerTimeout : nodeTimeout;
        this.nodeTimeout = nodeTimeout;
        this.minBytesPerSecond = minBytesPerSecond;
        this.clock = clock;
    }

    public Batch start(List<Put> puts) {
        List<Future<Long>> futures = new ArrayList<>(puts.size());
        for (Put put : puts) {
            if (coalescer != null && put.data().length <= coalesceMaxBytes) {
                // The future itself goes into the batch (not a derived one), so a cancel reaches the coalescer.
                java.util.concurrent.CompletableFuture<Long> stored = coalescer.submit(put);
                stored.whenComplete((at, e) -> {
                    if (e != null && !(e instanceof java.util.concurrent.CancellationException)) {
                        LOG.warnf("PUT %s to %s failed: %s", put.chunkId(), put.node().id(), e.toString());
                    }
                });
                futures.add(stored);
                continue;
            }
            futures.add(executor.submit(() -> {
                try {
                    chunks.put(put.node(), put.chunkId(), put.data(), put.sha256Hex());
                    return Math.max(1, clock.millis());
                } catch (RuntimeException e) {
                    LOG.warnf("PUT %s to %s failed: %s", put.chunkId(), put.node().id(), e.toString());
                    throw e;
                }
            }));
        }
        long largest = puts.stream().mapToLong(p -> p.data().length).max().orElse(0);
        long transfer = (long) (largest * 1e9 / minBytesPerSecond);
        long now = System.nanoTime();
        return new Batch(puts, futures, now + answerTimeout.toNanos() + transfer, now + nodeTimeout.toNanos() + transfer);
    }

    /** Runs straggler bookkeeping off the request thread. */
    public void background(Runnable task) {
        executor.submit(task);
    }

    /** The puts of one write, in flight. */
    public static final class Batch {
        private final List<Put> puts;
        private final List<Future<Long>> futures;
        private final long answerDeadline;
        private final long nodeDeadline;

        private Batch(List<Put> puts, List<Future<Long>> futures, long answerDeadline, long nodeDeadline) {
            this.puts = puts;
            this.futures = futures;
            this.answerDeadline = answerDeadline;
            this.nodeDeadline = nodeDeadline;
        }

        /** Outcomes once every put answered or the answer timeout passed; unanswered puts are pending. */
        public List<Outcome> awaitAnswer() {
            return collect(answerDeadline, false);
        }

        /** Gives up on every put still running (an upload that failed elsewhere). */
        public void cancel() {
            futures.forEach(f -> f.cancel(true));
        }

        /** Final outcomes: waits until the node timeout at most and cancels what is still running then. */
        public List<Outcome> awaitAll() {
            return collect(nodeDeadline, true);
        }

        private List<Outcome> collect(long deadlineNanos, boolean last) {
            List<Outcome> outcomes = new ArrayList<>(puts.size());
            for (int i = 0; i < puts.size(); i++) {
                outcomes.add(await(puts.get(i), futures.get(i), deadlineNanos, last));
            }
            return outcomes;
        }

        private static Outcome await(Put put, Future<Long> future, long deadlineNanos, boolean last) {
            try {
                long left = Math.max(0, deadlineNanos - System.nanoTime());
                return new Outcome(put, future.get(left, TimeUnit.NANOSECONDS), null);
            } catch (TimeoutException e) {
                if (!last) {
                    return new Outcome(put, 0, null);
                }
                future.cancel(true);
                LOG.warnf("PUT %s to %s: no answer within the node timeout", put.chunkId(), put.node().id());
                return new Outcome(put, 0, ErrorCode.TIMEOUT);
            } catch (ExecutionException e) {
                return new Outcome(put, 0, e.getCause() instanceof StoreException s ? s.code() : ErrorCode.INTERNAL);
            } catch (java.util.concurrent.CancellationException e) {
                return new Outcome(put, 0, ErrorCode.TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                return new Outcome(put, 0, ErrorCode.UNAVAILABLE);
            }
        }
    }
}
