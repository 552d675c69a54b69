package io.hybridstore.gateway.write;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.gateway.write.NodeFanOut.Put;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * Coalesces the small chunk writes bound for one node into batch requests, across concurrent
 * writes. Why: a small document is 9 chunks of about 1 KiB; sent one request each, the HTTP
 * exchanges and the node's per-request work cost far more CPU than the bytes. Here a node has at
 * most {@code maxInFlight} batch requests open; a put that arrives while they are busy waits in
 * the node's queue and leaves with the next batch. So a lone writer pays no added latency (its
 * puts leave at once) and 32 concurrent writers share one request per node per round trip — the
 * client-side twin of the node's group commit.
 *
 * <p>A put whose future was cancelled before its batch left (its write gave up) is not sent. A
 * batch that fails as a whole fails each of its puts with the batch's error.
 */
public final class NodeWriteCoalescer {

    /** One request carrying several puts, all to one node. */
    @FunctionalInterface
    public interface BatchSender {
        /**
         * Sends {@code puts} to {@code node} in one request. Returns one entry per put, in order: null
         * when stored, else the error that put failed with (its neighbours may still be stored).
         * Throws a {@link StoreException} when the request as a whole failed.
         */
        List<ErrorCode> send(NodeInfo node, List<Put> puts);
    }

    private final BatchSender sender;
    private final Executor executor;
    private final int maxInFlight;
    private final int maxChunks;
    private final long maxBytes;
    private final Clock clock;
    private final IntConsumer batchSizes;
    private final Map<String, NodeQueue> queues = new ConcurrentHashMap<>();

    /**
     * @param maxInFlight batch requests open at once per node (the later ones' puts wait and coalesce)
     * @param maxChunks   puts per batch at most
     * @param maxBytes    bytes per batch at most (a single larger put still goes, alone)
     * @param batchSizes  told the number of puts of every batch sent (a metric)
     */
    public NodeWriteCoalescer(BatchSender sender, Executor executor, int maxInFlight, int maxChunks, long maxBytes,
                              Clock clock, IntConsumer batchSizes) {
        if (maxInFlight < 1 || maxChunks < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxInFlight, maxChunks and maxBytes must be positive");
        }
        this.sender = sender;
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        this.maxChunks = maxChunks;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.batchSizes = batchSizes;
    }

    /** Queues {@code put}; the future completes with the time its node acknowledged it, or fails with a StoreException. */
    public CompletableFuture<Long> submit(Put put) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        NodeQueue queue = queues.computeIfAbsent(put.node().id(), id -> new NodeQueue());
        if (queue.add(new Pending(put, done))) {
            executor.execute(() -> queue.drain(put.node()));
        }
        return done;
    }

    private record Pending(Put put, CompletableFuture<Long> done) {
    }

    /** One node's waiting puts and how many batch requests to it are open. */
    private final class NodeQueue {
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private int inFlight;

        /** Queues; true when the caller must start a sender (fewer than maxInFlight are open). */
        synchronized boolean add(Pending p) {
            waiting.add(p);
            if (inFlight < maxInFlight) {
                inFlight++;
                return true;
            }
            return false;
        }

        /** The next batch, or null when the queue is empty (and this sender ends). */
        synchronized List<Pending> next() {
            List<Pending> batch = new ArrayList<>();
            long bytes = 0;
            while (!waiting.isEmpty() && batch.size() < maxChunks) {
                Pending p = waiting.peek();
                long size = p.put().data().length;
                if (!batch.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                waiting.poll();
                if (!p.done().isDone()) { // cancelled: its write gave up on it
                    batch.add(p);
                    bytes += size;
                }
            }
            if (batch.isEmpty() && waiting.isEmpty()) {
                inFlight--;
                return null;
            }
            return batch;
        }

        /** A sender: sends batches until the queue is empty. */
        void drain(NodeInfo node) {
            for (List<Pending> batch = next(); batch != null; batch = next()) {
                if (!batch.isEmpty()) {
                    send(node, batch);
                }
            }
        }
    }

    private void send(NodeInfo node, List<Pending> batch) {
        List<Put> puts = batch.stream().map(Pending::put).toList();
        batchSizes.accept(puts.size());
        List<ErrorCode> answers;
        try {
            answers = sender.send(node, puts);
        } catch (RuntimeException e) {
            StoreException failure = e instanceof StoreException s ? s
                    : new StoreException(ErrorCode.INTERNAL, "batch PUT to " + node.id() + " failed: " + e, e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        long now = Math.max(1, clock.millis());
        for (int i = 0; i < batch.size(); i++) {
            ErrorCode error = i < answers.size() ? answers.get(i) : ErrorCode.INTERNAL;
            Pending p = batch.get(i);
            if (error == null) {
                p.done().complete(now);
            } else {
                p.done().completeExceptionally(new StoreException(error,
                        "PUT " + p.put().chunkId() + " to " + node.id() + " in a batch of " + batch.size() + ": " + error));
            }
        }
    }
}
