package io.hybridstore.io.http;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.write.ShardChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * {@link ChunkStore} over the storage nodes' HTTP API ({@link ChunkApi}), on the JDK HTTP client.
 *
 * <p>Every call is bounded by the request timeout (a hung node becomes TIMEOUT, a refused
 * connection UNAVAILABLE) and every error answer is classified once, in {@link HttpErrors}. Reads
 * are checked end to end: the node verified the chunk before sending it, and this client checks the
 * bytes it received against the node's {@code X-Chunk-CRC32C}, so damage in transit is CORRUPT too.
 *
 * <p>Besides the byte-array methods of the interface it offers streaming ones,
 * {@link #put(NodeInfo, String, InputStream, long, String)} and {@link #openStream}, for chunks too
 * large to hold twice in memory.
 */
public final class HttpChunkStore implements ChunkStore {
    private final HttpClient client;
    private final String authorization;
    private final Duration requestTimeout;

    /**
     * @param requestTimeout bound of each call until the response headers arrive (a PUT's upload included)
     */
    public HttpChunkStore(String clusterToken, Duration connectTimeout, Duration requestTimeout) {
        if (clusterToken == null || clusterToken.isBlank()) {
            throw new IllegalArgumentException("a cluster token is required");
        }
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.authorization = "Bearer " + clusterToken;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Sends the data's CRC32C along (~30 GB/s, next to nothing): the node refuses a body damaged on its way. */
    @Override
    public void put(NodeInfo node, String chunkId, byte[] data, String sha256Hex) {
        BodyPublisher body = data.length == 0 ? BodyPublishers.noBody() : BodyPublishers.fromPublisher(new ByteArrayBody(data), data.length);
        HttpRequest request = putRequest(node, chunkId, body, sha256Hex, ShardChecksums.crc32cHex(data));
        send("PUT " + chunkId + " to " + node.id(), request, BodyHandlers.ofByteArray());
    }

    /**
     * Streams {@code length} bytes from {@code data}; the node refuses a body of another length. The
     * caller still owns {@code data} (the HTTP client may close it at its end).
     */
    public void put(NodeInfo node, String chunkId, InputStream data, long length, String sha256Hex) {
        BodyPublisher body = length == 0 ? BodyPublishers.noBody()
                : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> data), length);
        send("PUT " + chunkId + " to " + node.id(), putRequest(node, chunkId, body, sha256Hex, null), BodyHandlers.ofByteArray());
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
        List<byte[]> pieces = ChunkBatchFraming.encode(puts);
        String what = "batch PUT of " + puts.size() + " chunks to " + node.id();
        HttpRequest request = request(node, ChunkApi.CHUNKS + "/" + ChunkApi.BATCH).header("Content-Type", ChunkApi.BATCH_MEDIA_TYPE)
                .POST(BodyPublishers.fromPublisher(BodyPublishers.ofByteArrays(pieces), ChunkBatchFraming.length(pieces))).build();
        ChunkApi.BatchResponse response = parse(what, send(what, request, BodyHandlers.ofByteArray()).body(), ChunkApi.BatchResponse.class);
        if (response.outcomes() == null || response.outcomes().size() != puts.size()) {
            throw new StoreException(ErrorCode.UNAVAILABLE, what + ": the node answered for "
                    + (response.outcomes() == null ? 0 : response.outcomes().size()) + " chunks");
        }
        List<PutOutcome> outcomes = new ArrayList<>(puts.size());
        for (int i = 0; i < puts.size(); i++) {
            ChunkApi.BatchOutcome outcome = response.outcomes().get(i);
            String id = puts.get(i).chunkId();
            if (!id.equals(outcome.chunkId())) {
                throw new StoreException(ErrorCode.UNAVAILABLE, what + ": outcome " + i + " is for " + outcome.chunkId() + ", not " + id);
            }
            outcomes.add(outcome.problem() == null ? PutOutcome.stored(id)
                    : PutOutcome.failed(id, new StoreException(outcome.problem(), "PUT " + id + " to " + node.id() + ": " + outcome.detail())));
        }
        return outcomes;
    }

    @Override
    public byte[] get(NodeInfo node, String chunkId) {
        String what = "GET " + chunkId + " from " + node.id();
        HttpResponse<byte[]> response = send(what, request(node, chunkPath(chunkId)).GET().build(), ExactLengthBody.handler());
        CRC32C crc = new CRC32C();
        crc.update(response.body());
        checkCrc(what, response.headers(), crc.getValue());
        return response.body();
    }

    /**
     * The chunk's bytes as a stream the caller must close. The CRC is checked when the stream reaches
     * its end: a read then throws CORRUPT instead of returning end-of-stream, so a caller that reads to
     * the end never accepts damaged bytes.
     */
    public InputStream openStream(NodeInfo node, String chunkId) {
        String what = "GET " + chunkId + " from " + node.id();
        HttpResponse<InputStream> response = send(what, request(node, chunkPath(chunkId)).GET().build(), BodyHandlers.ofInputStream());
        String expected = response.headers().firstValue(ChunkApi.CRC32C_HEADER).orElse(null);
        return new CrcCheckingInputStream(response.body(), actual -> {
            if (expected != null && !expected.equals(Long.toHexString(actual))) {
                throw new StoreException(ErrorCode.CORRUPT, what + ": received bytes do not match the node's CRC32C " + expected);
            }
        });
    }

    @Override
    public Optional<ChunkStat> head(NodeInfo node, String chunkId) {
        String what = "HEAD " + chunkId + " on " + node.id();
        HttpRequest request = request(node, chunkPath(chunkId)).method("HEAD", BodyPublishers.noBody()).build();
        HttpResponse<Void> response = call(what, request, BodyHandlers.discarding());
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
        HttpHeaders h = response.headers();
        return Optional.of(new ChunkStat(chunkId, h.firstValueAsLong(ChunkApi.SIZE_HEADER).orElse(-1),
                h.firstValue(ChunkApi.CRC32C_HEADER).orElse(""), h.firstValueAsLong(ChunkApi.MODIFIED_HEADER).orElse(0)));
    }

    @Override
    public Set<String> exists(NodeInfo node, Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Set.of();
        }
        ChunkApi.ExistsResponse response = postJson(node, ChunkApi.CHUNKS + "/" + ChunkApi.EXISTS,
                new ChunkApi.ExistsRequest(List.copyOf(chunkIds)), ChunkApi.ExistsResponse.class, "exists on " + node.id());
        return new HashSet<>(response.present());
    }

    @Override
    public VerifyResult verify(NodeInfo node, String chunkId) {
        return postJson(node, chunkPath(chunkId) + "/" + ChunkApi.VERIFY, null, ChunkApi.VerifyResponse.class,
                "verify " + chunkId + " on " + node.id()).result();
    }

    @Override
    public void delete(NodeInfo node, String chunkId) {
        send("DELETE " + chunkId + " on " + node.id(), request(node, chunkPath(chunkId)).DELETE().build(), BodyHandlers.ofByteArray());
    }

    @Override
    public List<ChunkStat> list(NodeInfo node, String afterId, int limit) {
        String query = "?limit=" + limit + (afterId == null ? "" : "&after=" + URLEncoder.encode(afterId, StandardCharsets.UTF_8));
        String what = "list chunks on " + node.id();
        HttpResponse<byte[]> response = send(what, request(node, ChunkApi.CHUNKS + query).GET().build(), BodyHandlers.ofByteArray());
        return parse(what, response.body(), ChunkApi.ChunkPage.class).chunks();
    }

    private HttpRequest putRequest(NodeInfo node, String chunkId, BodyPublisher body, String sha256Hex, String crc32cHex) {
        HttpRequest.Builder builder = request(node, chunkPath(chunkId)).header("Content-Type", "application/octet-stream").PUT(body);
        if (sha256Hex != null && !sha256Hex.isEmpty()) {
            builder.header(ChunkApi.SHA256_HEADER, sha256Hex);
        }
        if (crc32cHex != null) {
            builder.header(ChunkApi.CRC32C_HEADER, crc32cHex);
        }
        return builder.build();
    }

    private <T> T postJson(NodeInfo node, String path, Object body, Class<T> type, String what) {
        BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(toJson(body));
        HttpRequest request = request(node, path).header("Content-Type", "application/json").POST(publisher).build();
        return parse(what, send(what, request, BodyHandlers.ofByteArray()).body(), type);
    }

    private HttpRequest.Builder request(NodeInfo node, String path) {
        return HttpRequest.newBuilder(URI.create(stripSlash(node.url()) + path)).timeout(requestTimeout)
                .header("Authorization", authorization);
    }

    /** Sends and turns any non-2xx answer into its classified StoreException. */
    private <T> HttpResponse<T> send(String what, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response = call(what, request, handler);
        if (response.statusCode() / 100 != 2) {
            throw HttpErrors.fromResponse(what, response.statusCode(), drain(response.body()));
        }
        return response;
    }

    private <T> HttpResponse<T> call(String what, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException | InterruptedException | UncheckedIOException e) {
            throw HttpErrors.fromFailure(what, e instanceof UncheckedIOException u ? u.getCause() : e);
        }
    }

    private static byte[] drain(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static void checkCrc(String what, HttpHeaders headers, long actual) {
        Optional<String> expected = headers.firstValue(ChunkApi.CRC32C_HEADER);
        if (expected.isPresent() && !expected.get().equals(Long.toHexString(actual))) {
            throw new StoreException(ErrorCode.CORRUPT, what + ": received bytes do not match the node's CRC32C " + expected.get());
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

    private static <T> T parse(String what, byte[] body, Class<T> type) {
        try {
            return HttpErrors.JSON.readValue(body, type);
        } catch (IOException e) {
            // The node answered 2xx with a body we cannot read: a broken or incompatible node, worth retrying elsewhere.
            throw new StoreException(ErrorCode.UNAVAILABLE, what + ": unreadable answer: " + e.getMessage(), e);
        }
    }
}
