package io.hybridstore.gateway.api;

import io.hybridstore.common.access.AccessPolicy;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.labels.LabelPatch;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.access.AccessService;
import io.hybridstore.gateway.write.LabelWriter;
import io.hybridstore.gateway.write.Timings;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PATCH /objects/{key}} (labels of a document or a blob, {@code If-Match} optional: without
 * it the patch applies to whatever version is current) and {@code GET /objects/{key}/access}.
 */
@Path("/")
@RunOnVirtualThread
public class LabelResource {

    /** A patch is a few labels: 32 tags of 128 bytes and change. */
    private static final int MAX_BODY = 64 * 1024;

    @Inject
    LabelWriter labels;

    @Inject
    AccessService access;

    @PATCH
    @Path("objects/{key: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response patch(@Context HttpServerRequest request, @HeaderParam("If-Match") String ifMatch, InputStream body) throws IOException {
        String key = ObjectKeys.validateBlobName(ObjectPaths.key(request, "")); // documents and blobs alike: the longer limit
        byte[] bytes = SmallBody.read(body, MAX_BODY, "a patch");
        LabelPatch patch = LabelPatch.fromJson(CanonicalJson.parse(bytes));
        Timings timings = new Timings();
        LabelWriter.Result result = labels.patch(key, patch, expected(ifMatch), timings);
        ObjectLabels now = result.record().labels();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", key);
        answer.put("version", result.record().version().toString());
        answer.put("state", result.outcome() == LabelWriter.Outcome.superseded ? "superseded" : "patched");
        answer.put("labels", labelsJson(now));
        answer.put("access", accessJson(access.decide(key, now)));
        return Response.ok(answer).tag(result.record().version().toString())
                .header("Server-Timing", timings.serverTiming()).build();
    }

    @GET
    @Path("objects/{key: .+}/access")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> access(@Context HttpServerRequest request) {
        String key = ObjectKeys.validateBlobName(ObjectPaths.key(request, "/access"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", key);
        answer.putAll(accessJson(access.decide(key)));
        return answer;
    }

    /** If-Match: one version, quoted or not; {@code *} is any current version (the same as none). */
    static Optional<Version> expected(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return Optional.empty();
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Optional.of(Version.parse(tag));
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest("If-Match must be one version as the ETag gave it (\"3-1042\"), not " + ifMatch);
        }
    }

    static Map<String, Object> labelsJson(ObjectLabels labels) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tags", labels.tags());
        json.put("alias", labels.alias());
        json.put("contentType", labels.contentType());
        json.put("access", labels.access() == null ? null : labels.access().name().toLowerCase(Locale.ROOT));
        return json;
    }

    static Map<String, Object> accessJson(AccessPolicy.Decision decision) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("effective", decision.access().name().toLowerCase(Locale.ROOT));
        json.put("source", decision.source().name());
        if (decision.rule() != null) {
            json.put("rule", decision.rule());
        }
        json.put("anonymousRead", decision.anonymousRead());
        return json;
    }
}
