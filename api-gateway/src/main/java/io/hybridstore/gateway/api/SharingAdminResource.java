package io.hybridstore.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.access.AccessRule;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.labels.LabelRules;
import io.hybridstore.common.links.SigningKey;
import io.hybridstore.common.model.ObjectLabels.Access;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.gateway.access.AccessService;
import io.hybridstore.gateway.links.LinkService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's side of sharing, behind the cluster token (class path "/": a class path "/admin" would take
 * every /admin/... request from the other resources in JAX-RS matching): per-prefix access rules
 * ({@code /admin/access/rules}) and the signing keys of the links ({@code /admin/links/keys}: list,
 * rotate, remove).
 */
@Path("/")
@Admin
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class SharingAdminResource {

    /** An access rule's body is a prefix and a word. */
    private static final int SMALL_BODY = 4096;

    @Inject
    AccessService access;

    @Inject
    LinkService links;

    @GET
    @Path("admin/access/rules")
    public List<Map<String, String>> rules() {
        return access.rules().stream().map(SharingAdminResource::ruleJson).toList();
    }

    /** Body {@code {"prefix": "public/", "access": "public"|"private"}}; replaces the rule of that prefix. */
    @PUT
    @Path("admin/access/rules")
    @Consumes(MediaType.WILDCARD)
    public Map<String, String> putRule(InputStream body) throws IOException {
        JsonNode request = CanonicalJson.parse(SmallBody.read(body, SMALL_BODY, "an access rule"));
        String prefix = null;
        Access level = null;
        if (!request.isObject()) {
            throw StoreException.badRequest("body must be {\"prefix\": \"...\", \"access\": \"public\"|\"private\"}");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = request.get(name);
            switch (name) {
                case "prefix" -> prefix = value.isTextual() ? value.textValue() : null;
                case "access" -> level = value.isTextual() ? LabelRules.access(value.textValue()) : null;
                default -> throw StoreException.badRequest("unknown member " + name + " (prefix, access)");
            }
        }
        if (prefix == null || level == null) {
            throw StoreException.badRequest("prefix (a string, \"\" for every key) and access (\"public\" or \"private\") are required");
        }
        if (!prefix.isEmpty()) {
            io.hybridstore.common.write.ObjectKeys.validateBlobName(prefix);
        }
        AccessRule rule = new AccessRule(prefix, level);
        access.put(rule);
        return ruleJson(rule);
    }

    @DELETE
    @Path("admin/access/rules")
    public Response removeRule(@QueryParam("prefix") String prefix) {
        if (prefix == null) {
            throw StoreException.badRequest("give the rule's prefix: ?prefix=...");
        }
        if (!access.remove(prefix)) {
            throw StoreException.notFound("no access rule for prefix \"" + prefix + "\"");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("admin/links/keys")
    public List<Map<String, Object>> keys() {
        return links.keys().stream().map(SharingAdminResource::keyJson).toList();
    }

    /** Rotation: a new key signs from now on; links signed by older keys keep working until those are removed. */
    @POST
    @Path("admin/links/keys")
    public Response rotate() {
        return Response.status(201).entity(keyJson(links.rotate())).build();
    }

    @DELETE
    @Path("admin/links/keys/{kid}")
    public Response retire(@PathParam("kid") String kid) {
        if (!links.retire(kid)) {
            throw StoreException.notFound("no signing key " + kid);
        }
        return Response.noContent().build();
    }

    private static Map<String, String> ruleJson(AccessRule rule) {
        return Map.of("prefix", rule.prefix(), "access", rule.access().name().toLowerCase(Locale.ROOT));
    }

    private static Map<String, Object> keyJson(SigningKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kid", key.kid());
        json.put("createdAt", java.time.Instant.ofEpochMilli(key.createdAt()).toString());
        return json;
    }
}
