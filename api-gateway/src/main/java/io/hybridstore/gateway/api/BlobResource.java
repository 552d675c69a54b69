package io.hybridstore.gateway.api;

import io.hybridstore.common.auth.sigv4.SignedPayloadStream;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.write.KeyPaths;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.GatewayMetrics;
import io.hybridstore.gateway.blob.BlobResult;
import io.hybridstore.gateway.blob.ByteRange;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.write.BlobWriter;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Binary blobs: {@code PUT/GET/HEAD/DELETE /blobs/{name}} (streaming, ranges, ETag = SHA-256) and
 * the plain form upload {@code POST /upload} with {@code GET /blob/{name}} as a download.
 */
@Path("/")
@RunOnVirtualThread
public class BlobResource {

    private static final String OCTET_STREAM = MediaType.APPLICATION_OCTET_STREAM;
    private static final String BLOBS = "/blobs/";

    @Inject
    BlobWriter writer;

    @Inject
    BlobReader reader;

    @Inject
    WriteService writes;

    @Inject
    GatewayMetrics metrics;

    @PUT
    @Path("blobs/{name: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@Context HttpServerRequest request, @HeaderParam("Content-Type") String contentType,
                        @HeaderParam("Content-Length") Long contentLength, InputStream body) {
        String type = contentType == null || contentType.isBlank() ? OCTET_STREAM : contentType;
        // A body signed as its hex SHA-256 (SigV4) was hashed by the authenticator's stream as it arrived:
        // the blob takes that verified value rather than hashing every byte again.
        return store(new BlobWriter.Upload(ObjectKeys.validateBlobName(name(request, BLOBS)), type, null, contentLength, null,
                SignedPayloadStream.verifiedSha256(body)), body);
    }

    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@RestForm("file") FileUpload file) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw StoreException.badRequest("a multipart form with a file field named \"file\" is required");
        }
        String name = ObjectKeys.validateBlobName(baseName(file.fileName()));
        String type = file.contentType() == null || file.contentType().isBlank() ? OCTET_STREAM : file.contentType();
        // The form was spooled to a temporary file by the HTTP layer (bounded memory); stream it from there.
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return store(new BlobWriter.Upload(name, type, name, file.size()), in);
        }
    }

    @GET
    @Path("blobs/{name: .+}")
    public Response get(@Context HttpServerRequest request, @HeaderParam("Range") String range,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        return download(name(request, BLOBS), range, ifNoneMatch, false, true);
    }

    @HEAD
    @Path("blobs/{name: .+}")
    public Response head(@Context HttpServerRequest request, @HeaderParam("Range") String range) {
        return download(name(request, BLOBS), range, null, false, false);
    }

    /** The download of a form upload: the same bytes with {@code Content-Disposition: attachment}. */
    @GET
    @Path("blob/{name: .+}")
    public Response getAsFile(@Context HttpServerRequest request, @HeaderParam("Range") String range,
                              @HeaderParam("If-None-Match") String ifNoneMatch) {
        return download(name(request, "/blob/"), range, ifNoneMatch, true, true);
    }

    @DELETE
    @Path("blobs/{name: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@Context HttpServerRequest request) {
        var result = writes.delete(ObjectKeys.validateBlobName(name(request, BLOBS)), true, new Timings());
        return Response.ok(Map.of("name", result.key(), "version", result.version().toString(), "state", "deleted")).build();
    }

    /** The blob name in the request's path after {@code prefix}, decoded once ({@link KeyPaths}). */
    private static String name(HttpServerRequest request, String prefix) {
        return KeyPaths.decode(request.path(), prefix, "");
    }

    private Response store(BlobWriter.Upload upload, InputStream body) {
        Timings timings = new Timings();
        BlobResult result;
        try {
            result = writer.write(upload, body, timings);
        } catch (StoreException e) {
            metrics.blobUpload(e.code().httpStatus() < 500 ? "rejected" : "failed");
            throw e;
        }
        metrics.recordPhases("blob-put", timings);
        metrics.blobBytes("in", result.size());
        boolean accepted = result.committed() && result.state() == ObjectState.DIRTY;
        metrics.blobUpload(!result.committed() ? "superseded" : accepted ? "202" : "200");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", result.name());
        answer.put("version", result.version().toString());
        answer.put("state", result.committed() ? result.state().name().toLowerCase() : "superseded");
        answer.put("size", result.size());
        answer.put("sha256", result.sha256());
        answer.put("stripes", result.stripes());
        if (accepted) {
            answer.put("missing", result.missing());
        }
        return Response.status(accepted ? 202 : 200).entity(answer).tag(new EntityTag(result.sha256()))
                .header("Server-Timing", timings.serverTiming()).build();
    }

    private Response download(String name, String rangeHeader, String ifNoneMatch, boolean attachment, boolean withBody) {
        return answer(reader.open(ObjectKeys.validateBlobName(name), rangeHeader), name, ifNoneMatch, attachment, withBody);
    }

    /**
     * The answer to a blob download (also a signed link's): 304, 200 or 206, the content type the
     * labels set (else the uploaded one), the body streamed.
     */
    static Response answer(BlobReader.Download download, String name, String ifNoneMatch, boolean attachment, boolean withBody) {
        BlobInfo blob = download.blob();
        EntityTag etag = new EntityTag(blob.sha256());
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag.toString()))) {
            return Response.notModified(etag).build();
        }
        ByteRange range = download.range();
        boolean partial = download.partial();
        String contentType = download.metadata().labels().contentType();
        Response.ResponseBuilder response = Response.status(partial ? 206 : 200)
                .type(contentType != null ? contentType : blob.contentType())
                .tag(etag)
                .lastModified(new Date(download.metadata().updatedAt()))
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", range == null ? 0 : range.length());
        if (partial) {
            response.header("Content-Range", range.contentRange());
        }
        if (attachment) {
            response.header("Content-Disposition", contentDisposition(blob.fileName() != null ? blob.fileName() : baseName(name)));
        }
        if (withBody) {
            response.entity((StreamingOutput) download::writeTo);
        }
        return response.build();
    }

    /** RFC 6266: an ASCII fallback and the exact UTF-8 name. */
    static String contentDisposition(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** Browsers may send a whole client-side path as the file name; only its last segment names the blob. */
    static String baseName(String path) {
        if (path == null) {
            return "";
        }
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }
}
