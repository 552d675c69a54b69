package io.hybridstore.common.spi;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Client side of the storage nodes: raw chunks by id on a given node. Calls block (callers fan out
 * on virtual threads) and are each bounded by the adapter's timeout.
 *
 * <p>Failures are {@link io.hybridstore.common.error.StoreException}s: {@code NOT_FOUND} (no such
 * chunk), {@code CORRUPT} (the node found the stored checksum wrong and quarantined the chunk),
 * {@code TIMEOUT}/{@code UNAVAILABLE} (node slow or down), {@code INSUFFICIENT_STORAGE} (disk reserve
 * reached). A {@code put} of an existing id with the same content succeeds (idempotent).
 */
public interface ChunkStore {

    /** Stores {@code data} as {@code chunkId} on {@code node}; the node verifies {@code sha256Hex} when given. */
    void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex);

    /** The chunk's bytes, verified against its stored checksum by the node. */
    byte[] get(NodeInfo node, String chunkId);

    /** Size and checksum without reading the data; empty when the node does not have it. */
    Optional<ChunkStat> head(NodeInfo node, String chunkId);

    /** Which of {@code chunkIds} the node holds: one request for many ids (audits). */
    Set<String> exists(NodeInfo node, Collection<String> chunkIds);

    /** Re-reads the chunk on the node and checks it; a corrupt chunk is quarantined by the node. */
    VerifyResult verify(NodeInfo node, String chunkId);

    /**
     * Re-reads and checks several chunks on one node in one call (the HTTP adapter sends one request
     * per {@code ChunkApi.MAX_VERIFY_IDS} ids), as {@link #verify} does each; the outcomes come in the
     * order of {@code chunkIds}. MISSING and CORRUPT are results, never errors; a chunk the node could
     * not check (a disk error) is that chunk's outcome and does not fail its neighbours; a failure of
     * the call itself (node down, timeout) is thrown, and then none was checked.
     *
     * <p>This default verifies them one by one, and does not learn the CRC32C of an OK chunk (its
     * outcome's {@code crc32c} is null): for stores with no cheaper way, and for nodes that predate
     * the batched route.
     */
    default List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
        List<VerifyOutcome> outcomes = new ArrayList<>(chunkIds.size());
        for (String chunkId : chunkIds) {
            try {
                outcomes.add(VerifyOutcome.checked(chunkId, verify(node, chunkId), null));
            } catch (StoreException e) {
                outcomes.add(switch (e.code()) {
                    case UNAVAILABLE, TIMEOUT -> throw e; // the node, not this chunk: as the one request of the HTTP adapter would fail
                    // An adapter may answer "no such chunk" or "corrupt" as an error rather than as a result.
                    case NOT_FOUND -> VerifyOutcome.checked(chunkId, VerifyResult.MISSING, null);
                    case CORRUPT -> VerifyOutcome.checked(chunkId, VerifyResult.CORRUPT, null);
                    default -> VerifyOutcome.failed(chunkId, e.code());
                });
            }
        }
        return outcomes;
    }

    /** Deletes; absent is not an error. */
    void delete(NodeInfo node, String chunkId);

    /** A page of the node's chunks with ids strictly after {@code afterId} (null = from the start). */
    List<ChunkStat> list(NodeInfo node, String afterId, int limit);

    /**
     * Stores several chunks on one node in one call (the HTTP adapter sends one request, and the node
     * covers them all with one fsync); the outcomes come in the order of {@code puts}. A chunk the
     * node refuses (a checksum mismatch, too large, no space) is that chunk's outcome and does not
     * fail its neighbours; a failure of the call itself (node down, timeout) is thrown, and then each
     * chunk may or may not be stored — puts are idempotent, so the caller repeats them.
     *
     * <p>This default puts them one by one, for stores with no cheaper way.
     */
    default List<PutOutcome> putAll(NodeInfo node, List<ChunkPut> puts) {
        List<PutOutcome> outcomes = new ArrayList<>(puts.size());
        for (ChunkPut put : puts) {
            try {
                put(node, put.chunkId(), put.data(), put.sha256Hex());
                outcomes.add(PutOutcome.stored(put.chunkId()));
            } catch (StoreException e) {
                if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.TIMEOUT) {
                    throw e; // the node, not this chunk: as the one request of the HTTP adapter would fail
                }
                outcomes.add(PutOutcome.failed(put.chunkId(), e));
            }
        }
        return outcomes;
    }

    /**
     * As {@link #putAll}, without holding a thread while the node answers: the future completes with
     * the outcomes, or fails with the {@link StoreException} that
     * {@code putAll} would throw (itself, not wrapped), bounded by the adapter's timeout as
     * {@code putAll} is. Why: a thread parked on each batch request and woken by its answer was, on
     * the small-document write path, a virtual thread started, parked and unparked per node request
     * (docs/benchmarks.md, session 37); an adapter with a non-blocking client completes the future
     * from its event loop instead.
     *
     * <p>This default runs {@link #putAll} on the calling thread and returns a future already done.
     */
    default CompletableFuture<List<PutOutcome>> putAllAsync(NodeInfo node, List<ChunkPut> puts) {
        try {
            return CompletableFuture.completedFuture(putAll(node, puts));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Reads several chunks from one node in one call (the HTTP adapter sends one request); the
     * outcomes come in the order of {@code chunkIds}. A chunk the node does not have or finds damaged
     * is that chunk's outcome (NOT_FOUND, CORRUPT) and does not fail its neighbours; a failure of
     * the call itself (node down, timeout) is thrown.
     *
     * <p>This default reads them one by one, for stores with no cheaper way.
     */
    default List<GetOutcome> getAll(NodeInfo node, List<String> chunkIds) {
        List<GetOutcome> outcomes = new ArrayList<>(chunkIds.size());
        for (String chunkId : chunkIds) {
            try {
                outcomes.add(GetOutcome.found(chunkId, get(node, chunkId)));
            } catch (StoreException e) {
                if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.TIMEOUT) {
                    throw e; // the node, not this chunk: as the one request of the HTTP adapter would fail
                }
                outcomes.add(GetOutcome.failed(chunkId, e.code()));
            }
        }
        return outcomes;
    }

    /**
     * As {@link #getAll}, without holding a thread while the node answers, as {@link #putAllAsync} is to
     * {@link #putAll}: the future completes with the outcomes or fails with the StoreException itself.
     *
     * <p>This default runs {@link #getAll} on the calling thread and returns a future already done.
     */
    default CompletableFuture<List<GetOutcome>> getAllAsync(NodeInfo node, List<String> chunkIds) {
        try {
            return CompletableFuture.completedFuture(getAll(node, chunkIds));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** What one chunk of a {@link #getAll} read: its bytes ({@code error} null), or why not. */
    record GetOutcome(String chunkId, byte[] data, ErrorCode error) {
        public static GetOutcome found(String chunkId, byte[] data) {
            return new GetOutcome(chunkId, java.util.Objects.requireNonNull(data, "data"), null);
        }

        public static GetOutcome failed(String chunkId, ErrorCode error) {
            return new GetOutcome(chunkId, null, java.util.Objects.requireNonNull(error, "error"));
        }
    }

    record ChunkStat(String chunkId, long size, String checksum, long modifiedMillis) {
    }

    /** One chunk of a {@link #putAll}: as the arguments of {@link #put}. */
    record ChunkPut(String chunkId, byte[] data, String sha256Hex) {
    }

    /** What became of one chunk of a {@link #putAll}: stored ({@code failure} null), or refused, classified. */
    record PutOutcome(String chunkId, StoreException failure) {
        public static PutOutcome stored(String chunkId) {
            return new PutOutcome(chunkId, null);
        }

        public static PutOutcome failed(String chunkId, StoreException failure) {
            return new PutOutcome(chunkId, java.util.Objects.requireNonNull(failure, "failure"));
        }

        public boolean isStored() {
            return failure == null;
        }
    }

    enum VerifyResult { OK, CORRUPT, MISSING }

    /**
     * What a {@link #verifyAll} found of one chunk: its {@code result} ({@code error} null), and for
     * an OK one the CRC32C the node holds for it, as {@link ChunkStat#checksum()} writes it (null
     * when the store did not say: see {@link #verifyAll}); or the {@code error} that kept the node
     * from checking it ({@code result} null).
     */
    record VerifyOutcome(String chunkId, VerifyResult result, String crc32c, ErrorCode error) {
        public static VerifyOutcome checked(String chunkId, VerifyResult result, String crc32c) {
            return new VerifyOutcome(chunkId, java.util.Objects.requireNonNull(result, "result"), crc32c, null);
        }

        public static VerifyOutcome failed(String chunkId, ErrorCode error) {
            return new VerifyOutcome(chunkId, null, null, java.util.Objects.requireNonNull(error, "error"));
        }
    }
}
