package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.ChunkStat;
import io.hybridstore.io.http.ChunkApi.ChunkPage;
import io.hybridstore.io.http.ChunkApi.ExistsRequest;
import io.hybridstore.io.http.ChunkApi.ExistsResponse;
import io.hybridstore.io.http.ChunkApi.VerifyResponse;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkOutcomeFraming;
import io.hybridstore.node.NodeConfig;
import io.hybridstore.node.store.ChunkIds;
import io.hybridstore.node.store.ChunkInfo;
import io.hybridstore.node.store.DiskChunkStore;
import io.hybridstore.node.store.VerifiedChunk;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The chunk API of {@link ChunkApi}: validates the request's shape and delegates to the {@link DiskChunkStore}. */
@Path(ChunkApi.CHUNKS)
public class ChunkResource {
    private final DiskChunkStore store;
    private final NodeConfig.Node config;

    ChunkResource(DiskChunkStore store, NodeConfig.Node config) {
        this.store = store;
        this.config = config;
    }

    /** The body arrives as a stream and goes to disk as it arrives; it is never held whole in memory. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public ChunkStat put(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_LENGTH) @DefaultValue("-1") long length,
            @HeaderParam(ChunkApi.SHA256_HEADER) String sha256, @HeaderParam(ChunkApi.CRC32C_HEADER) String crc32c, InputStream body) {
        return store.put(id, body, length, sha256, crc32c).toStat();
    }

    /**
     * Several chunks in one request ({@link io.hybridstore.io.http.ChunkBatchFraming}); one outcome per
     * chunk, binary for a caller that accepts {@link ChunkApi#BATCH_OUTCOMES_MEDIA_TYPE}, else JSON.
     */
    @POST
    @Path(ChunkApi.BATCH)
    @Consumes(MediaType.WILDCARD)
    @Produces({ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response batch(@HeaderParam(HttpHeaders.CONTENT_LENGTH) @DefaultValue("-1") long length,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, InputStream body) {
        return BatchUpload.answer(BatchUpload.store(store, body, length, config.batchMaxBytes().asLongValue(), config.batchMaxCount()), accept);
    }

    /**
     * Several chunks in one reply ({@link io.hybridstore.io.http.ChunkReadFraming}), each with its own
     * outcome. Each chunk is opened (and verified) only as its turn to be written comes, and closed
     * before the next, so the reply holds one chunk at a time however many it carries.
     */
    @POST
    @Path(ChunkApi.BATCH_GET)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(ChunkApi.BATCH_GET_MEDIA_TYPE)
    public StreamingOutput batchGet(ChunkApi.BatchGetRequest request) {
        if (request == null || request.ids() == null) {
            throw StoreException.badRequest("expected {\"ids\": [...]}");
        }
        return batchGet(List.copyOf(request.ids()));
    }

    /** The same, the ids one per line ({@link ChunkApi#CHUNK_IDS_MEDIA_TYPE}): no JSON to parse per read. */
    @POST
    @Path(ChunkApi.BATCH_GET)
    @Consumes(ChunkApi.CHUNK_IDS_MEDIA_TYPE)
    @Produces(ChunkApi.BATCH_GET_MEDIA_TYPE)
    public StreamingOutput batchGetIds(byte[] body) {
        byte[] ids = body == null ? new byte[0] : body;
        if (ids.length > 256L * config.batchMaxCount()) { // 255 bytes an id at most, and its newline
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "an id list of " + ids.length + " bytes exceeds what NODE_BATCH_MAX_COUNT ("
                    + config.batchMaxCount() + ") ids can take");
        }
        return batchGet(ChunkOutcomeFraming.decodeIds(ids));
    }

    private StreamingOutput batchGet(List<String> ids) {
        checkBatchGet(ids, config.batchMaxCount());
        return out -> BatchRead.write(store, ids, out);
    }

    /** A batch-get's ids, refused as a whole (before the reply starts) when too many or one is bad. */
    static List<String> checkBatchGet(List<String> ids, int maxCount) {
        if (ids.size() > maxCount) {
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, ids.size() + " chunks exceed NODE_BATCH_MAX_COUNT (" + maxCount + ")");
        }
        ids.forEach(ChunkIds::require);
        return ids;
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response get(@PathParam("id") String id) {
        ChunkInfo info = store.head(id).orElseThrow(() -> StoreException.notFound("no chunk " + id));
        // The chunk is opened (and its data verified) only when the body is written, and closed by the
        // same code on every path: a response that is never written (the client left first: RESTEasy
        // Reactive then does not call the body) holds no file and no buffer, and one that breaks off
        // half-way closes both as the write fails. Verifying comes before the first body byte, so a
        // corrupt chunk still never yields a complete bad body.
        StreamingOutput body = out -> {
            try (VerifiedChunk chunk = store.read(id)) {
                if (chunk.info().size() != info.size() || !chunk.info().crc32cHex().equals(info.crc32cHex())) {
                    throw new IOException("chunk " + id + " was replaced between its headers and its body: response aborted");
                }
                chunk.writeTo(out);
            }
        };
        return describe(Response.ok(body), info).header(HttpHeaders.CONTENT_LENGTH, info.size()).build();
    }

    @HEAD
    @Path("{id}")
    public Response head(@PathParam("id") String id) {
        return store.head(id).map(info -> describe(Response.ok(), info).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") String id) {
        store.delete(id);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ChunkPage list(@QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("" + ChunkApi.DEFAULT_LIST_LIMIT) int limit) {
        if (limit < 1 || limit > ChunkApi.MAX_LIST_LIMIT) {
            throw StoreException.badRequest("limit must be 1.." + ChunkApi.MAX_LIST_LIMIT);
        }
        List<ChunkStat> page = store.list(after == null || after.isEmpty() ? null : after, limit).stream().map(ChunkInfo::toStat).toList();
        return new ChunkPage(page, page.size() < limit ? null : page.get(page.size() - 1).chunkId());
    }

    @POST
    @Path(ChunkApi.EXISTS)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ExistsResponse exists(ExistsRequest request) {
        if (request == null || request.ids() == null) {
            throw StoreException.badRequest("expected {\"ids\": [...]}");
        }
        return new ExistsResponse(List.copyOf(store.exists(checkExists(request.ids()))));
    }

    /** An exists request's ids, refused as a whole when too many (each id is checked by the store). */
    static List<String> checkExists(List<String> ids) {
        if (ids.size() > ChunkApi.MAX_EXISTS_IDS) {
            throw StoreException.badRequest("at most " + ChunkApi.MAX_EXISTS_IDS + " ids per request");
        }
        return ids;
    }

    @POST
    @Path("{id}/" + ChunkApi.VERIFY)
    @Produces(MediaType.APPLICATION_JSON)
    public VerifyResponse verify(@PathParam("id") String id) {
        return new VerifyResponse(id, store.verify(id));
    }

    private static Response.ResponseBuilder describe(Response.ResponseBuilder response, ChunkInfo info) {
        response.header(ChunkApi.SIZE_HEADER, info.size())
                .header(ChunkApi.CRC32C_HEADER, info.crc32cHex())
                .header(ChunkApi.MODIFIED_HEADER, info.modifiedMillis());
        info.sha256Hex().ifPresent(sha -> response.header(ChunkApi.SHA256_HEADER, sha));
        return response;
    }
}
