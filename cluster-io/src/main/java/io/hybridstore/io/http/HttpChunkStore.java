package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.time.Timeouts;
import io.hybridstore.common.write.ShardChecksums;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * {@link ChunkStore} over the storage nodes' HTTP API ({@link ChunkApi}), on the Vert.x Web Client:
 * pooled keep-alive connections per node, non-blocking I/O on the event loops; the calling (virtual)
 * thread only waits for the answer. Measured against the JDK HTTP client it replaced: ~35 µs of
 * client CPU per 1 KiB PUT against ~85 µs (docs/benchmarks.md), which matters at 9 chunk writes per
 * small document.
 *
 * <p>Every call is bounded: the connect timeout, the request's idle timeout (no answer data for
 * {@code requestTimeout}) and a backstop on the wait itself. A hung node becomes TIMEOUT, a refused
 * connection UNAVAILABLE, and every error answer is classified once, in {@link HttpErrors}. Reads are
 * checked end to end: the node verified the chunk before sending it, and this client checks the
 * bytes it received against the node's {@code X-Chunk-CRC32C}, so damage in transit is CORRUPT too
 * (and so is an answer without that header: unchecked bytes are never accepted). Vert.x types stay in here; what a batch
 * answer says is read by {@link BatchAnswers}.
 */
public final class HttpChunkStore implements ChunkStore, AutoCloseable {
    /** Connections kept per node: a gateway's concurrent reads each fetch up to k shards at once. */
    static final int POOL_PER_NODE = 64;
    /**
     * The largest piece of an answer's body the client's decoder hands over at once (Vert.x's
     * default is 8 KiB): a 1 MiB shard then arrives in pieces as large as the socket reads (up to
     * this), about 16 instead of 128, each one an event, a heap copy and a write fewer.
     */
    static final int RESPONSE_PIECE_MAX = 64 * 1024;
    private static final String OUTCOMES_OR_JSON = ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE + ", application/json;q=0.5";

    private final WebClient client;
    private final BatchLoop batches;
    private final String authorization;
    private final long timeoutMillis;

    /**
     * @param vertx          the event loops to run on (the app's own Vert.x)
     * @param requestTimeout bound of each call without answer data (a PUT's upload included)
     */
    public HttpChunkStore(Vertx vertx, String clusterToken, Duration connectTimeout, Duration requestTimeout) {
        if (clusterToken == null || clusterToken.isBlank()) {
            throw new IllegalArgumentException("a cluster token is required");
        }
        this.timeoutMillis = Objects.requireNonNull(requestTimeout, "requestTimeout").toMillis();
        WebClientOptions options = new WebClientOptions()
                .setConnectTimeout((int) Math.max(1, connectTimeout.toMillis()))
                .setKeepAlive(true).setTcpNoDelay(true).setMaxPoolSize(POOL_PER_NODE).setMaxChunkSize(RESPONSE_PIECE_MAX)
                .setFollowRedirects(false).setUserAgentEnabled(false).setDecompressionSupported(false);
        this.client = WebClient.create(vertx, options);
        this.batches = BatchLoop.of(vertx, options);
        this.authorization = "Bearer " + clusterToken;
    }

    /** Sends the data's CRC32C along (~30 GB/s, next to nothing): the node refuses a body damaged on its way. */
    @Override
    public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
        HttpRequest<Buffer> request = request(HttpMethod.PUT, node, chunkPath(chunkId))
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader(ChunkApi.CRC32C_HEADER, ShardChecksums.crc32cHex(data));
        if (sha256Hex != null && !sha256Hex.isEmpty()) {
            request.putHeader(ChunkApi.SHA256_HEADER, sha256Hex);
        }
        // Wrapped, not copied: the caller's array is the body.
        ok("PUT " + chunkId + " to " + node.id(), request.sendBuffer(Buffer.buffer(Unpooled.wrappedBuffer(data))));
    }

    /**
     * One request for all of {@code puts} ({@link ChunkBatchFraming}), the chunks' arrays sent as they
     * are. Each chunk carries its CRC32C, so one damaged on its way is refused alone. The caller keeps a
     * batch within the node's limits ({@code NODE_BATCH_MAX_COUNT}, {@code NODE_BATCH_MAX_BYTES}); beyond
     * them the whole call is PAYLOAD_TOO_LARGE.
     */
    @Override
    public List<PutOutcome> putAll(NodeInfo node, List<ChunkPut> puts) {
        if (puts.isEmpty()) {
            return List.of();
        }
        String what = batchPutWhat(node, puts);
        return await(what, sendPuts(node, puts, what));
    }

    /**
     * As {@link #putAll}: the answer is read on the event loop that received it, and the future
     * completes there; bounded as {@code putAll} is (the request's timeout, then the same backstop).
     */
    @Override
    public CompletableFuture<List<PutOutcome>> putAllAsync(NodeInfo node, List<ChunkPut> puts) {
        if (puts.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String what = batchPutWhat(node, puts);
        return completion(what, () -> sendPuts(node, puts, what));
    }

    /**
     * The answer of {@code send} as a future that fails with the classified {@link StoreException}
     * itself (not wrapped), bounded by the backstop as {@link #await} is, and completed on the thread
     * that completes the request (an event loop): no thread waits for it.
     */
    private <T> CompletableFuture<T> completion(String what, Supplier<Future<T>> send) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            send.get().onComplete(answered -> {
                if (answered.succeeded()) {
                    done.complete(answered.result());
                } else {
                    done.completeExceptionally(HttpErrors.fromFailure(what,
                            answered.cause() instanceof Exception e ? e : new IllegalStateException(answered.cause())));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(HttpErrors.fromFailure(what, e));
        }
        long backstop = backstopMillis();
        return Timeouts.shared().within(done, backstop, TimeUnit.MILLISECONDS,
                () -> new StoreException(ErrorCode.TIMEOUT, what + " got no answer within " + backstop + " ms"));
    }

    private static String batchPutWhat(NodeInfo node, List<ChunkPut> puts) {
        return "batch PUT of " + puts.size() + " chunks to " + node.id();
    }

    /** The batch request sent; its future fails with the classified StoreException of a refused or unreadable answer. */
    private Future<List<PutOutcome>> sendPuts(NodeInfo node, List<ChunkPut> puts, String what) {
        List<byte[]> pieces = ChunkBatchFraming.encode(puts);
        // The pieces wrapped into one composite buffer: the chunks' arrays go out as they are, not copied.
        Buffer body = Buffer.buffer(Unpooled.wrappedBuffer(pieces.toArray(byte[][]::new)));
        return batches.send(web -> request(web, HttpMethod.POST, node, ChunkApi.CHUNKS + "/" + ChunkApi.BATCH)
                .putHeader("Content-Type", ChunkApi.BATCH_MEDIA_TYPE).putHeader("Accept", OUTCOMES_OR_JSON).sendBuffer(body)
                .map(answer -> BatchAnswers.putOutcomes(node, puts, what, ok(what, answer).getHeader("Content-Type"), bytes(answer.body()))));
    }

    /** One request for all of {@code chunkIds}; each chunk's bytes are checked against the CRC32C its frame carries. */
    @Override
    public List<GetOutcome> getAll(NodeInfo node, List<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return List.of();
        }
        String what = batchGetWhat(node, chunkIds);
        return await(what, sendGets(node, chunkIds, what));
    }

    /** As {@link #getAll}, the answer decoded on the event loop that received it, where the future completes. */
    @Override
    public CompletableFuture<List<GetOutcome>> getAllAsync(NodeInfo node, List<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String what = batchGetWhat(node, chunkIds);
        return completion(what, () -> sendGets(node, chunkIds, what));
    }

    private static String batchGetWhat(NodeInfo node, List<String> chunkIds) {
        return "batch GET of " + chunkIds.size() + " chunks from " + node.id();
    }

    /** The batch-get request, asked again as JSON of a node that predates the id list; its future fails with the classified StoreException. */
    private Future<List<GetOutcome>> sendGets(NodeInfo node, List<String> chunkIds, String what) {
        String path = ChunkApi.CHUNKS + "/" + ChunkApi.BATCH_GET;
        // The answer received into one array of its length (ChunkBodyCodec) and decoded from there: not
        // appended into a growing buffer and then copied out of it whole (session 30).
        return batches.send(web -> request(web, HttpMethod.POST, node, path).as(ChunkBodyCodec.INSTANCE)
                .putHeader("Content-Type", ChunkApi.CHUNK_IDS_MEDIA_TYPE).sendBuffer(Buffer.buffer(ChunkOutcomeFraming.encodeIds(chunkIds)))
                .compose(answer -> answer.statusCode() != 415 ? Future.succeededFuture(answer)
                        // A node that predates the id list takes the JSON request only.
                        : request(web, HttpMethod.POST, node, path).as(ChunkBodyCodec.INSTANCE).putHeader("Content-Type", "application/json")
                                .sendBuffer(Buffer.buffer(toJson(new ChunkApi.BatchGetRequest(chunkIds)))))
                .map(answer -> BatchAnswers.getOutcomes(what, chunkIds, answer.statusCode(), answer.body() == null ? new byte[0] : answer.body())));
    }

    /**
     * One request per {@link ChunkApi#MAX_VERIFY_IDS} ids, answered with each OK chunk's CRC32C. A node
     * that predates the batched route is asked one id at a time, as before: it answers 405 (its
     * {@code /chunks/{id}} takes no POST) or 404 (no such route).
     */
    @Override
    public List<VerifyOutcome> verifyAll(NodeInfo node, List<String> chunkIds) {
        List<VerifyOutcome> outcomes = new ArrayList<>(chunkIds.size());
        for (int from = 0; from < chunkIds.size(); from += ChunkApi.MAX_VERIFY_IDS) {
            List<String> ids = chunkIds.subList(from, Math.min(chunkIds.size(), from + ChunkApi.MAX_VERIFY_IDS));
            String what = "verify of " + ids.size() + " chunks on " + node.id();
            HttpResponse<Buffer> answer = await(what, request(HttpMethod.POST, node, ChunkApi.CHUNKS + "/" + ChunkApi.VERIFY)
                    .putHeader("Content-Type", ChunkApi.CHUNK_IDS_MEDIA_TYPE).sendBuffer(Buffer.buffer(ChunkOutcomeFraming.encodeIds(ids))));
            if (answer.statusCode() == 404 || answer.statusCode() == 405) {
                outcomes.addAll(ChunkStore.super.verifyAll(node, chunkIds.subList(from, chunkIds.size())));
                break;
            }
            outcomes.addAll(BatchAnswers.verdicts(what, ids, bytes(ok(what, answer).body())));
        }
        return outcomes;
    }

    /**
     * The chunk, received into one array of its length ({@link ChunkBodyCodec}: every shard of a blob
     * download comes this way) and checked against the node's CRC32C.
     */
    @Override
    public byte[] get(NodeInfo node, String chunkId) {
        String what = "GET " + chunkId + " from " + node.id();
        HttpResponse<byte[]> response = await(what, request(HttpMethod.GET, node, chunkPath(chunkId)).as(ChunkBodyCodec.INSTANCE).send());
        byte[] body = response.body() == null ? new byte[0] : response.body();
        if (response.statusCode() / 100 != 2) {
            throw HttpErrors.fromResponse(what, response.statusCode(), body);
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        checkCrc(what, response.headers(), crc.getValue());
        return body;
    }

    @Override
    public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
        String what = "HEAD " + chunkId + " on " + node.id();
        HttpResponse<Buffer> response = await(what, request(HttpMethod.HEAD, node, chunkPath(chunkId)).send());
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status == 502) {
            // HEAD answers carry no problem body: for a node, 502 is its "corrupt" (the chunk is now quarantined).
            throw new StoreException(ErrorCode.CORRUPT, what + ": the node found the chunk corrupt");
        }
        if (status / 100 != 2) {
            throw HttpErrors.fromResponse(what, status, null);
        }
        MultiMap h = response.headers();
        return Optional.of(new ChunkStat(chunkId, longHeader(h, ChunkApi.SIZE_HEADER, -1),
                Objects.requireNonNullElse(h.get(ChunkApi.CRC32C_HEADER), ""), longHeader(h, ChunkApi.MODIFIED_HEADER, 0)));
    }

    @Override
    public Set<String> exists(NodeInfo node, Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Set.of();
        }
        String what = "exists on " + node.id();
        String path = ChunkApi.CHUNKS + "/" + ChunkApi.EXISTS;
        List<String> ids = List.copyOf(chunkIds);
        HttpResponse<Buffer> answer = await(what, request(HttpMethod.POST, node, path)
                .putHeader("Content-Type", ChunkApi.CHUNK_IDS_MEDIA_TYPE).sendBuffer(Buffer.buffer(ChunkOutcomeFraming.encodeIds(ids))));
        if (answer.statusCode() == 415) {
            // A node that predates the id list takes the JSON request only.
            return new HashSet<>(postJson(node, path, new ChunkApi.ExistsRequest(ids), ChunkApi.ExistsResponse.class, what).present());
        }
        answer = ok(what, answer);
        String type = answer.getHeader("Content-Type");
        if (type != null && type.startsWith(ChunkApi.CHUNK_IDS_MEDIA_TYPE)) {
            try {
                return new HashSet<>(ChunkOutcomeFraming.decodeIds(bytes(answer.body())));
            } catch (StoreException e) {
                throw new StoreException(ErrorCode.UNAVAILABLE, what + ": unreadable answer: " + e.getMessage(), e);
            }
        }
        return new HashSet<>(BatchAnswers.json(what, bytes(answer.body()), ChunkApi.ExistsResponse.class).present());
    }

    @Override
    public VerifyResult verify(NodeInfo node, String chunkId) {
        return postJson(node, chunkPath(chunkId) + "/" + ChunkApi.VERIFY, null, ChunkApi.VerifyResponse.class,
                "verify " + chunkId + " on " + node.id()).result();
    }

    @Override
    public void delete(NodeInfo node, String chunkId) {
        ok("DELETE " + chunkId + " on " + node.id(), request(HttpMethod.DELETE, node, chunkPath(chunkId)).send());
    }

    @Override
    public List<ChunkStat> list(NodeInfo node, String afterId, int limit) {
        String query = "?limit=" + limit + (afterId == null ? "" : "&after=" + URLEncoder.encode(afterId, StandardCharsets.UTF_8));
        String what = "list chunks on " + node.id();
        HttpResponse<Buffer> response = ok(what, request(HttpMethod.GET, node, ChunkApi.CHUNKS + query).send());
        return BatchAnswers.json(what, bytes(response.body()), ChunkApi.ChunkPage.class).chunks();
    }

    @Override
    public void close() {
        client.close();
        batches.close();
    }

    private <T> T postJson(NodeInfo node, String path, Object body, Class<T> type, String what) {
        HttpRequest<Buffer> request = request(HttpMethod.POST, node, path).putHeader("Content-Type", "application/json");
        Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(toJson(body)));
        return BatchAnswers.json(what, bytes(ok(what, sent).body()), type);
    }

    private HttpRequest<Buffer> request(HttpMethod method, NodeInfo node, String path) {
        return request(client, method, node, path);
    }

    private HttpRequest<Buffer> request(WebClient web, HttpMethod method, NodeInfo node, String path) {
        return web.requestAbs(method, stripSlash(node.url()) + path).timeout(timeoutMillis)
                .putHeader("Authorization", authorization);
    }

    /** Waits for the answer and turns any non-2xx one into its classified StoreException. */
    private HttpResponse<Buffer> ok(String what, Future<HttpResponse<Buffer>> sent) {
        return ok(what, await(what, sent));
    }

    private static HttpResponse<Buffer> ok(String what, HttpResponse<Buffer> response) {
        if (response.statusCode() / 100 != 2) {
            throw HttpErrors.fromResponse(what, response.statusCode(), bytes(response.body()));
        }
        return response;
    }

    /**
     * Blocks the calling thread (a virtual one on the hot paths) until the answer. The request's
     * own idle timeout fails the future first; the bound here is the backstop for a body that keeps
     * trickling in.
     */
    private <T> T await(String what, Future<T> sent) {
        try {
            // Parked without a timeout of its own, woken by the answer or the shared timer (Timeouts: why).
            return Timeouts.shared().await(sent.toCompletionStage().toCompletableFuture(), backstopMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(ErrorCode.UNAVAILABLE, what + " interrupted", e);
        } catch (TimeoutException e) {
            throw new StoreException(ErrorCode.TIMEOUT, what + " got no answer within " + backstopMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw HttpErrors.fromFailure(what, e.getCause() instanceof Exception cause ? cause : e);
        }
    }

    /** The bound of a wait for an answer: the request's own timeout twice over, and a second. */
    private long backstopMillis() {
        return 2 * timeoutMillis + 1_000;
    }

    private static byte[] bytes(Buffer body) {
        return body == null ? new byte[0] : body.getBytes();
    }

    private static long longHeader(MultiMap headers, String name, long absent) {
        String value = headers.get(name);
        try {
            return value == null ? absent : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    private static void checkCrc(String what, MultiMap headers, long actual) {
        String expected = headers.get(ChunkApi.CRC32C_HEADER);
        if (expected == null) {
            throw new StoreException(ErrorCode.CORRUPT,
                    what + ": the answer has no " + ChunkApi.CRC32C_HEADER + " header, so its bytes cannot be checked");
        }
        if (!expected.equals(Long.toHexString(actual))) {
            throw new StoreException(ErrorCode.CORRUPT, what + ": received bytes do not match the node's CRC32C " + expected);
        }
    }

    private static String chunkPath(String chunkId) {
        // Ids are [A-Za-z0-9._-]; encoding anyway keeps a bad id a 400 from the node, never another path.
        return ChunkApi.CHUNKS + "/" + URLEncoder.encode(chunkId, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static byte[] toJson(Object value) {
        try {
            return HttpErrors.JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new StoreException(ErrorCode.INTERNAL, "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
