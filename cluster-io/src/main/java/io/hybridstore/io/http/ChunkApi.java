package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.spi.ChunkStore.ChunkStat;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import java.util.List;

/**
 * The storage node's HTTP contract, shared by the node (server) and {@link HttpChunkStore} (client)
 * so the two cannot drift:
 *
 * <pre>
 * PUT    /chunks/{id}          body = bytes; [X-Content-SHA256: hex]    → 200 ChunkStat JSON
 * GET    /chunks/{id}          → 200 bytes (verified), X-Chunk-CRC32C; 502 problem "corrupt"
 * HEAD   /chunks/{id}          → 200 with X-Chunk-Size, X-Chunk-CRC32C, X-Chunk-Modified[, X-Content-SHA256]; 404
 * DELETE /chunks/{id}          → 204 (absent is not an error)
 * GET    /chunks?after=&limit= → 200 ChunkPage
 * POST   /chunks/_exists       ExistsRequest → 200 ExistsResponse; or the ids as {@link #CHUNK_IDS_MEDIA_TYPE}
 *                              → 200 the present ones as {@link #CHUNK_IDS_MEDIA_TYPE}
 * POST   /chunks/{id}/_verify  → 200 VerifyResponse (OK, CORRUPT — now quarantined —, MISSING)
 * POST   /chunks/_verify       the ids as {@link #CHUNK_IDS_MEDIA_TYPE} (at most {@link #MAX_VERIFY_IDS}; 413 past it)
 *                              → 200 {@link ChunkVerdictFraming}, one verdict per id in order, with an OK chunk's CRC32C
 * POST   /chunks/_batch        body = {@link ChunkBatchFraming} → 200 BatchResponse, one outcome per chunk in order
 *                              (binary, {@link ChunkOutcomeFraming}, when the request accepts {@link #BATCH_OUTCOMES_MEDIA_TYPE})
 * POST   /chunks/_batch-get    BatchGetRequest JSON, or the ids as {@link #CHUNK_IDS_MEDIA_TYPE}
 *                              → 200 {@link ChunkReadFraming}, one outcome (and the bytes) per chunk in order
 * </pre>
 *
 * <p>{@code _batch} stores several chunks in one request: the node streams each chunk as it arrives
 * (never the whole body in memory), checks it as a single PUT would, and answers once one fsync
 * covers every small chunk of the batch. One chunk refused (its CRC32C or SHA-256 does not match,
 * it is too large, no space) is that chunk's outcome — its {@link ErrorCode} and a detail — and its
 * neighbours are stored all the same. The whole request fails only when the body breaks the framing
 * (400), its Content-Length or chunk count exceeds the node's limits (413, checked before any chunk
 * is read: {@code NODE_BATCH_MAX_BYTES}, {@code NODE_BATCH_MAX_COUNT}), or the node fails.
 *
 * Every request carries {@code Authorization: Bearer <cluster token>}; errors are RFC 9457
 * {@code application/problem+json} whose {@code type} is {@link io.hybridstore.common.error.ErrorCode#typeUri()}.
 */
public final class ChunkApi {
    public static final String CHUNKS = "/chunks";
    public static final String EXISTS = "_exists";
    public static final String VERIFY = "_verify";
    public static final String BATCH = "_batch";
    public static final String BATCH_GET = "_batch-get";
    /** Content type of a batch-get reply. */
    public static final String BATCH_GET_MEDIA_TYPE = "application/x-hybridstore-chunk-reads";
    /** Content type of the binary answer of a batch ({@link ChunkOutcomeFraming}); JSON is what a caller gets that does not ask for it. */
    public static final String BATCH_OUTCOMES_MEDIA_TYPE = "application/x-hybridstore-chunk-outcomes";
    /**
     * Content type of a list of ids one per line ({@link ChunkOutcomeFraming#encodeIds}): a batch-get's
     * request, an exists request and its answer.
     */
    public static final String CHUNK_IDS_MEDIA_TYPE = "application/x-hybridstore-chunk-ids";
    /** Content type of the answer of a batched verify ({@link ChunkVerdictFraming}). */
    public static final String CHUNK_VERDICTS_MEDIA_TYPE = "application/x-hybridstore-chunk-verdicts";
    /** Content type of a batch body. */
    public static final String BATCH_MEDIA_TYPE = "application/x-hybridstore-chunk-batch";
    /** Expected SHA-256 of a PUT body (hex); a mismatch stores nothing and answers 400. Also returned by HEAD. */
    public static final String SHA256_HEADER = "X-Content-SHA256";
    /**
     * CRC32C of the data as lower-case unpadded hex, the same string as {@link ChunkStat#checksum()}:
     * returned by GET and HEAD, and on a PUT the CRC32C the sender computed, so the node refuses
     * (400, nothing stored) a body damaged on its way.
     */
    public static final String CRC32C_HEADER = "X-Chunk-CRC32C";
    public static final String SIZE_HEADER = "X-Chunk-Size";
    /** Epoch millis of the chunk's last write. */
    public static final String MODIFIED_HEADER = "X-Chunk-Modified";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final int DEFAULT_LIST_LIMIT = 1000;
    public static final int MAX_LIST_LIMIT = 10_000;
    public static final int MAX_EXISTS_IDS = 10_000;
    /**
     * Ids of one batched verify at most. Lower than an exists request's: every id is a chunk the node
     * reads whole before it answers, and the caller's request timeout runs meanwhile.
     */
    public static final int MAX_VERIFY_IDS = 1_000;

    private ChunkApi() {
    }

    public record ExistsRequest(List<String> ids) {
    }

    public record ExistsResponse(List<String> present) {
    }

    /** The chunks a {@link #BATCH_GET} reads, in the order the reply answers them (at most NODE_BATCH_MAX_COUNT). */
    public record BatchGetRequest(List<String> ids) {
    }

    /** @param next the cursor for the following page ({@code after=next}); null when this page is the last */
    public record ChunkPage(List<ChunkStat> chunks, String next) {
    }

    public record VerifyResponse(String chunkId, VerifyResult result) {
    }

    /** One outcome per chunk of a batch, in the order they were sent. */
    public record BatchResponse(List<BatchOutcome> outcomes) {
    }

    /** Either {@code stored} (the chunk's stat) or {@code problem} with a {@code detail}. */
    public record BatchOutcome(String chunkId, ChunkStat stored, ErrorCode problem, String detail) {
    }

    /** RFC 9457 problem details. */
    public record Problem(String type, String title, int status, String detail) {
    }
}
