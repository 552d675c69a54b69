package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.gateway.node.NodeCoalescer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * How the read path reads one chunk: a GET of its own, or, for a small chunk, a place in the next
 * batch read ({@code POST /chunks/_batch-get}) to its node, shared with concurrent reads.
 */
@FunctionalInterface
public interface ChunkReads {

    /** The chunk's bytes, blocking; a StoreException classifies a failure. */
    byte[] read(NodeInfo node, String chunkId, long size);

    /**
     * Several chunks of one node, wanted together: one future each, completed with its bytes or failed
     * with a StoreException. Blocks while their request is sent on the calling thread. By default each
     * is read on its own, one after the other.
     */
    default List<CompletableFuture<byte[]>> readTogether(NodeInfo node, List<Wanted> wanted) {
        List<CompletableFuture<byte[]>> out = new ArrayList<>(wanted.size());
        for (Wanted w : wanted) {
            CompletableFuture<byte[]> one = new CompletableFuture<>();
            try {
                one.complete(read(node, w.chunkId(), w.size()));
            } catch (RuntimeException e) {
                one.completeExceptionally(e);
            }
            out.add(one);
        }
        return out;
    }

    /**
     * Starts reading the chunk and returns at once: the future completes with its bytes or fails with a
     * StoreException; cancelling it gives the read up. By default {@link #read} runs on a thread of
     * {@code executor}, interrupted by the cancel.
     */
    default CompletableFuture<byte[]> start(NodeInfo node, String chunkId, long size, ExecutorService executor) {
        return onThread(executor, () -> read(node, chunkId, size));
    }

    /**
     * As {@link #start}, for several chunks of one node wanted together: one future each. By default
     * {@link #readTogether} runs on one thread of {@code executor}; cancelling any of them interrupts it
     * (a document's first wave cancels them together, once the document is read).
     */
    default List<CompletableFuture<byte[]>> startTogether(NodeInfo node, List<Wanted> wanted, ExecutorService executor) {
        List<CompletableFuture<byte[]>> out = wanted.stream().map(w -> new CompletableFuture<byte[]>()).toList();
        Future<?> running = executor.submit(() -> {
            List<CompletableFuture<byte[]>> reads;
            try {
                reads = readTogether(node, wanted);
            } catch (RuntimeException e) {
                out.forEach(f -> f.completeExceptionally(e));
                return;
            }
            for (int i = 0; i < out.size(); i++) {
                CompletableFuture<byte[]> one = out.get(i);
                CompletableFuture<byte[]> read = reads.get(i);
                read.whenComplete((data, failure) -> settle(one, data, failure));
                one.whenComplete((data, failure) -> {
                    if (one.isCancelled()) {
                        read.cancel(true);
                    }
                });
            }
        });
        out.forEach(f -> f.whenComplete((data, failure) -> {
            if (f.isCancelled()) {
                running.cancel(true);
            }
        }));
        return out;
    }

    /** {@code work} on a thread of {@code executor}; cancelling the future interrupts that thread. */
    private static <T> CompletableFuture<T> onThread(ExecutorService executor, Supplier<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Future<?> running = executor.submit(() -> {
            try {
                out.complete(work.get());
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        out.whenComplete((value, failure) -> {
            if (out.isCancelled()) {
                running.cancel(true);
            }
        });
        return out;
    }

    private static <T> void settle(CompletableFuture<T> out, T value, Throwable failure) {
        if (failure == null) {
            out.complete(value);
        } else {
            out.completeExceptionally(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
        }
    }

    /** One chunk a batch read asks for, with the size its record gives (which caps the batch's bytes). */
    record Wanted(String chunkId, long size) {
    }

    /** Every chunk read with a GET of its own. */
    static ChunkReads direct(ChunkStore chunks) {
        return (node, chunkId, size) -> chunks.get(node, chunkId);
    }

    /**
     * Chunks up to {@code batchedMax} bytes through {@code coalescer}; larger ones (blob stripe
     * shards) with a GET of their own. A read whose thread is interrupted (its part was read from
     * other copies, or given up) cancels its place, so a batch not yet sent leaves it out.
     */
    static ChunkReads coalesced(ChunkStore chunks, NodeCoalescer<Wanted, byte[]> coalescer, long batchedMax) {
        return new ChunkReads() {
            @Override
            public byte[] read(NodeInfo node, String chunkId, long size) {
                return readOne(chunks, coalescer, batchedMax, node, chunkId, size);
            }

            /** Small chunks in one batch-get (or one place in the node's next batch); a large one alone. */
            @Override
            public List<CompletableFuture<byte[]>> readTogether(NodeInfo node, List<Wanted> wanted) {
                if (wanted.stream().anyMatch(w -> w.size() > batchedMax)) {
                    return ChunkReads.super.readTogether(node, wanted);
                }
                return coalescer.submitAllInline(node, wanted);
            }

            /**
             * A small chunk takes a place in its node's next batch and no thread waits for it: the
             * batch's answer completes the future (at 32 readers that spared a parked virtual thread
             * per chunk read, docs/benchmarks.md, session 30; and since session 37 no thread waits
             * for the batch either). A large one on a thread of its own.
             */
            @Override
            public CompletableFuture<byte[]> start(NodeInfo node, String chunkId, long size, ExecutorService executor) {
                if (size > batchedMax) {
                    return ChunkReads.super.start(node, chunkId, size, executor);
                }
                return coalescer.submit(node, new Wanted(chunkId, size));
            }

            /** Small chunks queued together for the node's next batch, no thread waiting; any large one makes them all go as {@link #readTogether}. */
            @Override
            public List<CompletableFuture<byte[]>> startTogether(NodeInfo node, List<Wanted> wanted, ExecutorService executor) {
                if (wanted.stream().anyMatch(w -> w.size() > batchedMax)) {
                    return ChunkReads.super.startTogether(node, wanted, executor);
                }
                return coalescer.submitAll(node, wanted);
            }
        };
    }

    private static byte[] readOne(ChunkStore chunks, NodeCoalescer<Wanted, byte[]> coalescer, long batchedMax,
                                  NodeInfo node, String chunkId, long size) {
        if (size > batchedMax) {
            return chunks.get(node, chunkId);
        }
        // The fetch waits on a virtual thread of its own: an idle node's request leaves on it, inline.
        CompletableFuture<byte[]> read = coalescer.submitInline(node, new Wanted(chunkId, size));
        try {
            return read.get();
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE,
                    "read of " + chunkId + " interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new StoreException(ErrorCode.INTERNAL, e.toString(), e);
        } catch (CancellationException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE,
                    "read of " + chunkId + " cancelled", e);
        }
    }

    /**
     * Sends a coalesced batch of chunk ids as one {@link ChunkStore#getAllAsync}: no thread waits on it,
     * its answers complete the reads' futures from the node client's event loop.
     */
    static NodeCoalescer.AsyncBatchSender<Wanted, byte[]> batchGets(ChunkStore chunks) {
        return (node, wanted) -> chunks.getAllAsync(node, wanted.stream().map(Wanted::chunkId).toList()).thenApply(outcomes -> outcomes.stream()
                .map(o -> o.error() == null ? NodeCoalescer.Answer.of(o.data()) : NodeCoalescer.Answer.<byte[]>failed(o.error()))
                .toList());
    }
}
