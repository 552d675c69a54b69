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
import java.util.concurrent.ExecutionException;

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

    /** Sends a coalesced batch of chunk ids as one {@link ChunkStore#getAll}. */
    static NodeCoalescer.BatchSender<Wanted, byte[]> batchGets(ChunkStore chunks) {
        return (node, wanted) -> chunks.getAll(node, wanted.stream().map(Wanted::chunkId).toList()).stream()
                .map(o -> o.error() == null ? NodeCoalescer.Answer.of(o.data()) : NodeCoalescer.Answer.<byte[]>failed(o.error()))
                .toList();
    }
}
