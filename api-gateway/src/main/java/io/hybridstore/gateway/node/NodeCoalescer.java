package io.hybridstore.gateway.node;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;

/**
 * Coalesces small requests bound for one node into batch requests, across concurrent callers: the
 * chunk puts of concurrent writes ({@code POST /chunks/_batch}) and the chunk gets of concurrent
 * reads ({@code POST /chunks/_batch-get}). Why: a small document is 9 chunk writes or 5 chunk reads
 * of about 1 KiB; sent one request each, the HTTP exchanges and the node's per-request work cost far
 * more CPU than the bytes. Here a node has at most {@code maxInFlight} batch requests open; an item
 * that arrives while they are busy waits in the node's queue and leaves with the next batch. So a
 * lone caller pays no added latency (its items leave at once) and 32 concurrent callers share one
 * request per node per round trip — the client-side twin of the node's group commit.
 *
 * <p>An item whose future was cancelled before its batch left (its caller gave up) is not sent. A
 * batch that fails as a whole fails each of its items with the batch's error.
 *
 * <p>A blocking {@link BatchSender} sends from threads of the executor, one per node with items
 * waiting. A {@link #nonBlocking} one (the gateway's) sends a node's next batch from the thread that
 * completed its previous one, so that no thread waits on a batch at all; an idle node's first batch
 * leaves from the queuing thread (writes) or from a thread started for it (reads: it gathers more).
 *
 * @param <T> what one caller asks of the node (a put, a chunk id)
 * @param <R> what it gets back (the time of the acknowledgement, the chunk's bytes)
 */
public final class NodeCoalescer<T, R> {

    /** One request carrying several items, all to one node. */
    @FunctionalInterface
    public interface BatchSender<T, R> {
        /**
         * Sends {@code items} to {@code node} in one request. Returns one answer per item, in order.
         * Throws a {@link StoreException} when the request as a whole failed.
         */
        List<Answer<R>> send(NodeInfo node, List<T> items);
    }

    /**
     * As {@link BatchSender}, without holding the calling thread while the node answers: the future
     * completes with one answer per item, in order, or fails with a {@link StoreException} when the
     * request as a whole failed. The coalescer then sends its next batch from the thread that
     * completed it (a node client's event loop), so no thread waits on any batch.
     */
    @FunctionalInterface
    public interface AsyncBatchSender<T, R> {
        CompletableFuture<List<Answer<R>>> send(NodeInfo node, List<T> items);
    }

    /**
     * Told of every batch request sent: how long each of its items waited in the queue before it left
     * (one entry per item), and its time from the send to the answer (or the failure).
     */
    @FunctionalInterface
    public interface BatchMeter {
        void sent(long[] itemWaitNanos, long nanos);
    }

    /** One item's answer within a batch: its value, or the error it alone failed with. */
    public record Answer<R>(R value, ErrorCode error) {
        public static <R> Answer<R> of(R value) {
            return new Answer<>(value, null);
        }

        public static <R> Answer<R> failed(ErrorCode error) {
            return new Answer<>(null, java.util.Objects.requireNonNull(error));
        }
    }

    private final AsyncBatchSender<T, R> sender;
    /**
     * Where an idle node's first batch leaves from: a thread of it (a blocking {@link BatchSender}'s
     * senders, which then send until the queue is empty), or, when null, the queuing thread.
     */
    private final Executor executor;
    private final int maxInFlight;
    private final int maxItems;
    private final long maxBytes;
    private final ToLongFunction<T> size;
    private final String what;
    private final BatchMeter meter;
    private final Map<String, NodeQueue> queues = new ConcurrentHashMap<>();

    /**
     * @param maxInFlight batch requests open at once per node (the later ones' items wait and coalesce)
     * @param maxItems    items per batch at most
     * @param maxBytes    bytes per batch at most, by {@code size} (a single larger item still goes, alone)
     * @param what        names the request in errors, e.g. "batch PUT"
     * @param meter       told the items and the time of every batch sent (metrics)
     */
    public NodeCoalescer(BatchSender<T, R> sender, Executor executor, int maxInFlight, int maxItems, long maxBytes,
                         ToLongFunction<T> size, String what, BatchMeter meter) {
        this(blocking(sender), Objects.requireNonNull(executor, "executor"), maxInFlight, maxItems, maxBytes, size, what, meter);
    }

    /**
     * As the constructor, for a sender that does not block: a batch leaves from the thread that queued
     * its first item (when a request may open) or from the one that completed the node's previous batch.
     */
    public static <T, R> NodeCoalescer<T, R> nonBlocking(AsyncBatchSender<T, R> sender, int maxInFlight, int maxItems, long maxBytes,
                                                         ToLongFunction<T> size, String what, BatchMeter meter) {
        return nonBlocking(sender, null, maxInFlight, maxItems, maxBytes, size, what, meter);
    }

    /**
     * As {@link #nonBlocking(AsyncBatchSender, int, int, long, ToLongFunction, String, BatchMeter)}, but
     * the first batch of an idle node leaves from a thread of {@code starter} (null: the queuing thread),
     * which only sends it and ends. Why: a batch sent at once from the queuing thread carries that
     * caller's items alone, where a thread started for it finds the items of the callers that queued
     * meanwhile; at 32 readers the reads' batches carried 4.5 chunks instead of 5.4 sent at once, so
     * the nodes answered more requests per read (docs/benchmarks.md, session 37). The writes' batches
     * were as large either way, and leave at once.
     */
    public static <T, R> NodeCoalescer<T, R> nonBlocking(AsyncBatchSender<T, R> sender, Executor starter, int maxInFlight, int maxItems,
                                                         long maxBytes, ToLongFunction<T> size, String what, BatchMeter meter) {
        return new NodeCoalescer<>(sender, starter, maxInFlight, maxItems, maxBytes, size, what, meter);
    }

    private NodeCoalescer(AsyncBatchSender<T, R> sender, Executor executor, int maxInFlight, int maxItems, long maxBytes,
                          ToLongFunction<T> size, String what, BatchMeter meter) {
        if (maxInFlight < 1 || maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxInFlight, maxItems and maxBytes must be positive");
        }
        this.sender = sender;
        this.executor = executor;
        this.maxInFlight = maxInFlight;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.size = size;
        this.what = what;
        this.meter = meter;
    }

    /** Queues {@code item} for {@code node}; the future completes with its answer, or fails with a StoreException. */
    public CompletableFuture<R> submit(NodeInfo node, T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>(), System.nanoTime());
        enqueue(node, queue(node), List.of(pending));
        return pending.done();
    }

    /** As {@link #submit}, for several items wanted together: queued together, so one batch carries them. */
    public List<CompletableFuture<R>> submitAll(NodeInfo node, List<T> items) {
        long now = System.nanoTime();
        List<Pending<T, R>> pending = items.stream().map(i -> new Pending<T, R>(i, new CompletableFuture<>(), now)).toList();
        enqueue(node, queue(node), pending);
        return pending.stream().map(Pending::done).toList();
    }

    /**
     * As {@link #submit}, for a caller that waits for the answer on a thread of its own (a read's
     * fetch): when nothing waits for the node and a request may open, the item leaves on the calling
     * thread at once, in a request of its own, instead of through a sender thread started for it; with
     * a blocking sender the future is then done on return (a non-blocking one's completes on the node
     * client's event loop). Why: that hand-off is one more virtual thread to start and
     * schedule on every lone read, and on 2 busy cores it doubled a lone reader's p50 (4.98 to 10.5
     * ms, docs/benchmarks.md). Alone, so that an interrupt of the caller (its part was read from other
     * copies) fails only its own item; items that arrive meanwhile wait and leave right after it.
     */
    public CompletableFuture<R> submitInline(NodeInfo node, T item) {
        return submitAllInline(node, List.of(item)).get(0);
    }

    /**
     * As {@link #submitInline}, for several items one caller wants from one node together (a read's
     * hot replica and cold shard on the same node): when the node is idle they leave at once in one
     * request of their own; otherwise they queue together, so the next batch carries them both.
     */
    public List<CompletableFuture<R>> submitAllInline(NodeInfo node, List<T> items) {
        NodeQueue queue = queue(node);
        long now = System.nanoTime();
        List<Pending<T, R>> pending = items.stream().map(i -> new Pending<T, R>(i, new CompletableFuture<>(), now)).toList();
        if (!queue.claimIfIdle()) {
            enqueue(node, queue, pending);
        } else {
            // A blocking sender's batch is done on return, so this runs here, before the futures are handed back.
            send(node, pending).whenComplete((v, e) -> {
                if (queue.keepForWaiting()) {
                    startSender(node, queue);
                }
            });
        }
        return pending.stream().map(Pending::done).toList();
    }

    private NodeQueue queue(NodeInfo node) {
        return queues.computeIfAbsent(node.id(), id -> new NodeQueue());
    }

    private void enqueue(NodeInfo node, NodeQueue queue, List<Pending<T, R>> pending) {
        if (queue.add(pending)) {
            startSender(node, queue);
        }
    }

    /** From a thread of the executor, if there is one (a blocking sender's, a gathering non-blocking one's); else from this thread. */
    private void startSender(NodeInfo node, NodeQueue queue) {
        if (executor != null) {
            executor.execute(() -> queue.drain(node));
        } else {
            queue.drain(node);
        }
    }

    /** @param queuedNanos when it was submitted: its wait is measured to its batch's send */
    private record Pending<T, R>(T item, CompletableFuture<R> done, long queuedNanos) {
    }

    /** One node's waiting items and how many batch requests to it are open. */
    private final class NodeQueue {
        private final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();
        private int inFlight;

        /**
         * Queues (several items together, so one batch carries them); true when the caller must start a
         * sender (fewer than maxInFlight are open).
         */
        synchronized boolean add(List<Pending<T, R>> items) {
            waiting.addAll(items);
            if (inFlight < maxInFlight) {
                inFlight++;
                return true;
            }
            return false;
        }

        /** True when nothing waits and a request may open: the caller sends one now (its slot taken). */
        synchronized boolean claimIfIdle() {
            if (waiting.isEmpty() && inFlight < maxInFlight) {
                inFlight++;
                return true;
            }
            return false;
        }

        /** After an inline send: true when items came meanwhile and the slot stays taken for a sender to drain them. */
        synchronized boolean keepForWaiting() {
            if (waiting.isEmpty()) {
                inFlight--;
                return false;
            }
            return true;
        }

        /** The next batch, or null when the queue is empty (and this sender ends). */
        synchronized List<Pending<T, R>> next() {
            List<Pending<T, R>> batch = new ArrayList<>();
            long bytes = 0;
            while (!waiting.isEmpty() && batch.size() < maxItems) {
                Pending<T, R> p = waiting.peek();
                long itemSize = size.applyAsLong(p.item());
                if (!batch.isEmpty() && bytes + itemSize > maxBytes) {
                    break;
                }
                waiting.poll();
                if (!p.done().isDone()) { // cancelled: its caller gave up on it
                    batch.add(p);
                    bytes += itemSize;
                }
            }
            if (batch.isEmpty() && waiting.isEmpty()) {
                inFlight--;
                return null;
            }
            return batch;
        }

        /**
         * A sender: sends batches until the queue is empty. A batch still in flight on return (a
         * non-blocking sender's) takes the loop on from the thread that completes it; a loop, not a
         * recursion, over the batches already done.
         */
        void drain(NodeInfo node) {
            for (List<Pending<T, R>> batch = next(); batch != null; batch = next()) {
                if (!batch.isEmpty()) {
                    CompletableFuture<Void> sent = send(node, batch);
                    if (!sent.isDone()) {
                        sent.whenComplete((v, e) -> drain(node));
                        return;
                    }
                }
            }
        }
    }

    /** Sends one batch; the future completes once each of its items has its answer (or the batch's failure). */
    private CompletableFuture<Void> send(NodeInfo node, List<Pending<T, R>> batch) {
        List<T> items = batch.stream().map(Pending::item).toList();
        long start = System.nanoTime();
        long[] waits = new long[batch.size()];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = start - batch.get(i).queuedNanos();
        }
        CompletableFuture<List<Answer<R>>> sent;
        try {
            sent = sender.send(node, items);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((answers, failure) -> {
            meter.sent(waits, System.nanoTime() - start);
            settle(node, batch, answers, failure);
            return null;
        });
    }

    private void settle(NodeInfo node, List<Pending<T, R>> batch, List<Answer<R>> answers, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            StoreException classified = cause instanceof StoreException s ? s
                    : new StoreException(ErrorCode.INTERNAL, what + " to " + node.id() + " failed: " + cause, cause);
            batch.forEach(p -> p.done().completeExceptionally(classified));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Answer<R> answer = i < answers.size() ? answers.get(i) : Answer.failed(ErrorCode.INTERNAL);
            Pending<T, R> p = batch.get(i);
            if (answer.error() == null) {
                p.done().complete(answer.value());
            } else {
                p.done().completeExceptionally(new StoreException(answer.error(),
                        what + " item " + (i + 1) + " of " + batch.size() + " to " + node.id() + ": " + answer.error()));
            }
        }
    }

    /** A blocking sender as a non-blocking one whose future is done on return: it runs on the calling thread. */
    private static <T, R> AsyncBatchSender<T, R> blocking(BatchSender<T, R> sender) {
        Objects.requireNonNull(sender, "sender");
        return (node, items) -> CompletableFuture.completedFuture(sender.send(node, items));
    }
}
