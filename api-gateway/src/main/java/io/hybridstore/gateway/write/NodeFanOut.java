package io.hybridstore.gateway.write;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.common.tracker.NodeTimeouts;
import io.hybridstore.common.tracker.WriteTracker;
import io.hybridstore.gateway.node.NodeCoalescer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongPredicate;
import org.jboss.logging.Logger;

/**
 * Sends chunk writes to their nodes all at once (small ones through the node coalescer, no thread
 * waiting on them; a large one on a virtual thread of its own). The caller first waits
 * up to the answer timeout ({@link Batch#awaitAnswer}); puts still running then are PENDING
 * stragglers that keep going until the node timeout ({@link Batch#awaitAll}) and are cancelled
 * after it. Every put ends with an outcome: the time its node acknowledged, or the classified error.
 * When to answer and when to give up is decided by a {@link WriteTracker} on the gateway's
 * {@link TimeSource}; this class only sends, queues the answers and cancels.
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
    private final NodeTimeouts timeouts;
    private final TimeSource time;
    private final NodeCoalescer<Put, Long> coalescer;
    private final long coalesceMaxBytes;

    /** @param timeouts the answer and node timeouts, both grown by the largest put's transfer time */
    public NodeFanOut(ChunkStore chunks, ExecutorService executor, NodeTimeouts timeouts, TimeSource time) {
        this(chunks, executor, timeouts, time, null, 0);
    }

    /**
     * @param coalescer        sends the puts of at most {@code coalesceMaxBytes} in batch requests per node
     *                         (null: every put is a request of its own); larger ones (blob stripe shards) go alone
     */
    public NodeFanOut(ChunkStore chunks, ExecutorService executor, NodeTimeouts timeouts, TimeSource time,
                      NodeCoalescer<Put, Long> coalescer, long coalesceMaxBytes) {
        this.coalescer = coalescer;
        this.coalesceMaxBytes = coalesceMaxBytes;
        this.chunks = chunks;
        this.executor = executor;
        this.timeouts = timeouts;
        this.time = time;
    }

    /**
     * Sends a coalesced batch of puts as one {@link ChunkStore#putAllAsync}, without a thread waiting on
     * it; each stored put answers with the time of the reply.
     */
    public static NodeCoalescer.AsyncBatchSender<Put, Long> batchPuts(ChunkStore chunks, java.time.Clock clock) {
        return (node, puts) -> chunks.putAllAsync(node,
                puts.stream().map(p -> new ChunkStore.ChunkPut(p.chunkId(), p.data(), p.sha256Hex())).toList()).thenApply(outcomes -> {
                    long now = Math.max(1, clock.millis());
                    return outcomes.stream()
                            .map(o -> o.isStored() ? NodeCoalescer.Answer.of(now) : NodeCoalescer.Answer.<Long>failed(o.failure().code()))
                            .toList();
                });
    }

    public Batch start(List<Put> puts) {
        long largest = puts.stream().mapToLong(p -> p.data().length).max().orElse(0);
        Batch batch = new Batch(puts, WriteTracker.of(puts, time.nanoTime(), timeouts, largest), time);
        for (Put put : puts) {
            if (coalescer != null && put.data().length <= coalesceMaxBytes) {
                // The coalescer's own future goes into the batch, so a cancel reaches a put still queued.
                CompletableFuture<Long> stored = coalescer.submit(put.node(), put);
                stored.whenComplete((at, failure) -> batch.answered(answer(put, at, failure)));
                batch.futures.add(stored);
            } else {
                batch.futures.add(executor.submit(() -> batch.answered(attempt(put))));
            }
        }
        return batch;
    }

    private Answer attempt(Put put) {
        try {
            chunks.put(put.node(), put.chunkId(), put.data(), put.sha256Hex());
            return new Answer(put, Math.max(1, time.clock().millis()), null);
        } catch (StoreException e) {
            LOG.warnf("PUT %s to %s failed: %s", put.chunkId(), put.node().id(), e.toString());
            return new Answer(put, 0, e.code());
        } catch (RuntimeException e) {
            LOG.warnf("PUT %s to %s failed: %s", put.chunkId(), put.node().id(), e.toString());
            return new Answer(put, 0, ErrorCode.INTERNAL);
        }
    }

    /** A coalesced put's answer from how its future completed. */
    private static Answer answer(Put put, Long storedAt, Throwable failure) {
        if (failure == null) {
            return new Answer(put, storedAt, null);
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof java.util.concurrent.CancellationException)) {
            LOG.warnf("PUT %s to %s failed: %s", put.chunkId(), put.node().id(), cause.toString());
        }
        return new Answer(put, 0, cause instanceof StoreException s ? s.code()
                : cause instanceof java.util.concurrent.CancellationException ? ErrorCode.TIMEOUT : ErrorCode.INTERNAL);
    }

    /** Runs straggler bookkeeping off the request thread. */
    public void background(Runnable task) {
        executor.submit(task);
    }

    /** A node's answer to one put: stored at {@code storedAtMillis}, or the classified error. */
    private record Answer(Put put, long storedAtMillis, ErrorCode error) {
    }

    /**
     * The puts of one write, in flight. Put threads queue their answers; whoever waits on the batch
     * (the request, then the straggler bookkeeping) feeds them to its {@link WriteTracker}, which
     * decides when to answer and which stragglers to give up.
     *
     * <p>The waiter is woken once, by the last answer (or at its deadline), not by each: both of the
     * tracker's waits end only when every put answered or a deadline passed, so an answer before the
     * last changes nothing the waiter could act on. Why: a small document's puts answer in up to 8
     * node requests at different moments, and each answer that woke the waiting virtual thread was a
     * park, an unpark and a carrier woken on 2 busy cores, for nothing (docs/benchmarks.md, session 37).
     */
    public static final class Batch {
        private final List<Put> puts;
        private final List<Future<?>> futures = new ArrayList<>();
        /** Answers as they come, queued by put threads and the node clients' event loops; drained by the waiter. */
        private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        /** Puts not answered yet: the answer that takes it to 0 is the last. */
        private final AtomicInteger unanswered;
        /** Completes once every put answered: the waiter's one wake-up. */
        private final CompletableFuture<Void> allAnswered = new CompletableFuture<>();
        private final Map<Put, Answer> answered = new HashMap<>();
        private final WriteTracker<Put> tracker;
        private final TimeSource time;
        private final ReentrantLock waiting = new ReentrantLock();

        private Batch(List<Put> puts, WriteTracker<Put> tracker, TimeSource time) {
            this.puts = puts;
            this.tracker = tracker;
            this.time = time;
            this.unanswered = new AtomicInteger(puts.size());
        }

        /** A put's answer (each put answers at most once); the last one wakes the waiter. */
        private void answered(Answer a) {
            answers.add(a);
            if (unanswered.decrementAndGet() == 0) {
                allAnswered.complete(null);
            }
        }

        /** Outcomes once every put answered or the answer timeout passed; unanswered puts are pending. */
        public List<Outcome> awaitAnswer() {
            return awaitUntil(tracker::answerDue, tracker.answerDeadline());
        }

        /** Gives up on every put still running (an upload that failed elsewhere). */
        public void cancel() {
            futures.forEach(f -> f.cancel(true));
        }

        /** Final outcomes: waits until the node timeout at most and cancels what is still running then. */
        public List<Outcome> awaitAll() {
            waiting.lock();
            try {
                List<Outcome> outcomes = awaitUntil(tracker::settled, tracker.nodeDeadline());
                for (int i = 0; i < puts.size(); i++) {
                    Put put = puts.get(i);
                    if (tracker.status(put) == WriteTracker.Status.GIVEN_UP && futures.get(i).cancel(true)) {
                        LOG.warnf("PUT %s to %s: no answer within the node timeout", put.chunkId(), put.node().id());
                    }
                }
                return outcomes;
            } finally {
                waiting.unlock();
            }
        }

        /**
         * Feeds answers to the tracker until {@code due}; one waiter at a time (the request, then the bookkeeping).
         * {@code due} holds once every put answered or at {@code deadline} (the tracker's two waits): the
         * waiter sleeps until then.
         */
        private List<Outcome> awaitUntil(LongPredicate due, long deadline) {
            waiting.lock();
            try {
                while (true) {
                    // Answers already in hand count before any deadline is looked at.
                    for (Answer a = answers.poll(); a != null; a = answers.poll()) {
                        record(a);
                    }
                    if (due.test(time.nanoTime())) {
                        return outcomes();
                    }
                    time.await(allAnswered, deadline); // the last answer, or the deadline: either way the loop looks again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new StoreException(ErrorCode.UNAVAILABLE, "interrupted waiting for chunk writes", e);
            } finally {
                waiting.unlock();
            }
        }

        private void record(Answer a) {
            tracker.onAnswer(a.put(), a.error() == null);
            answered.putIfAbsent(a.put(), a);
        }

        private List<Outcome> outcomes() {
            List<Outcome> outcomes = new ArrayList<>(puts.size());
            for (Put put : puts) {
                outcomes.add(switch (tracker.status(put)) {
                    case PENDING -> new Outcome(put, 0, null);
                    case STORED -> new Outcome(put, answered.get(put).storedAtMillis(), null);
                    case FAILED -> new Outcome(put, 0, answered.get(put).error());
                    case GIVEN_UP -> new Outcome(put, 0, ErrorCode.TIMEOUT);
                });
            }
            return outcomes;
        }
    }
}
