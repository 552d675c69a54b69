package io.hybridstore.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.links.LinkClaims;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.links.LinkService;
import io.hybridstore.gateway.read.BlobReader;
import io.hybridstore.gateway.read.ReadService;
import io.hybridstore.gateway.write.Timings;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed links: {@code POST /objects/{key}/links} makes one, {@code GET|HEAD /links/{token}} reads
 * through it without other credentials (documents as JSON, blobs streamed, Range honoured), and
 * {@code DELETE /links/{token}} revokes it.
 */
@Path("/")
@RunOnVirtualThread
public class LinkResource {

    private static final int MAX_BODY = 4 * 1024;

    @Inject
    LinkService links;

    @Inject
    ReadService reads;

    @Inject
    BlobReader blobs;

    @POST
    @Path("objects/{key: .+}/links")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@Context HttpServerRequest http, InputStream body) throws IOException {
        String key = ObjectKeys.validateBlobName(ObjectPaths.key(http, "/links"));
        byte[] bytes = SmallBody.read(body, MAX_BODY, "a link request");
        Duration expiresIn = LinkService.DEFAULT_EXPIRY;
        String version = LinkClaims.LATEST;
        if (bytes.length > 0) {
            JsonNode request = CanonicalJson.parse(bytes);
            if (!request.isObject()) {
                throw StoreException.badRequest("body must be {\"expiresIn\": \"PT1H\", \"version\": \"latest\"}");
            }
            for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode value = request.get(name);
                switch (name) {
                    case "expiresIn" -> expiresIn = duration(value);
                    case "version" -> version = text("version", value);
                    default -> throw StoreException.badRequest("unknown member " + name + " (expiresIn or version)");
                }
            }
        }
        LinkService.Created link = links.create(key, expiresIn, version);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", "/links/" + link.token());
        answer.put("id", link.claims().id());
        answer.put("key", key);
        answer.put("version", link.claims().version());
        answer.put("expiresAt", Instant.ofEpochSecond(link.claims().expiresAt()).toString());
        answer.put("kid", link.claims().kid());
        return Response.status(201).entity(answer).build();
    }

    @GET
    @SelfAuthenticated // the token is the credential: a link works without an access key
    @Path("links/{token}")
    public Response get(@PathParam("token") String token, @HeaderParam("Range") String range,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        return serve(token, range, ifNoneMatch, true);
    }

    @HEAD
    @SelfAuthenticated
    @Path("links/{token}")
    public Response head(@PathParam("token") String token, @HeaderParam("Range") String range) {
        return serve(token, range, null, false);
    }

    @DELETE
    @Path("links/{token}")
    public Response revoke(@PathParam("token") String token) {
        links.revoke(token);
        return Response.noContent().build();
    }

    private Response serve(String token, String range, String ifNoneMatch, boolean withBody) {
        LinkClaims claims = links.verify(token);
        ObjectMetadata current = reads.metadata(claims.key());
        if (current.deleted()) {
            throw StoreException.notFound("no object " + claims.key());
        }
        if (current.holdsBlob()) {
            BlobReader.Download download = blobs.open(claims.key(), range);
            checkVersion(claims, download.metadata());
            return BlobResource.answer(download, claims.key(), ifNoneMatch, false, withBody);
        }
        Timings timings = new Timings();
        ReadService.ReadResult result = reads.read(claims.key(), timings);
        checkVersion(claims, result.metadata());
        Response document = ReadResource.answer(result, timings);
        return withBody ? document : Response.fromResponse(document).entity(null).build();
    }

    /** A link for one version serves only that one: the record about to be served must be it. */
    private static void checkVersion(LinkClaims claims, ObjectMetadata served) {
        if (!claims.latest() && !claims.version().equals(served.version().toString())) {
            throw StoreException.notFound(claims.key() + " is no longer at version " + claims.version() + " (now "
                    + served.version() + "); the link was for that version only");
        }
    }

    private static Duration duration(JsonNode value) {
        String text = text("expiresIn", value);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw StoreException.badRequest("expiresIn must be an ISO-8601 duration like PT1H or P7D, not \"" + text + "\"");
        }
    }

    private static String text(String member, JsonNode value) {
        if (!value.isTextual()) {
            throw StoreException.badRequest(member + " must be a string");
        }
        return value.textValue();
    }
}
