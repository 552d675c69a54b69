package io.hybridstore.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.AccessKeyStore;
import io.hybridstore.common.split.CanonicalJson;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The access keys of S3 and the JSON API, behind the cluster token: create (the only answer that
 * ever carries the secret), list (no secrets) and revoke. A revoked key stops working on this
 * gateway at once and on the others within gateway.auth.key-cache.
 */
@Path("/admin/access-keys")
@Admin
@RunOnVirtualThread
@Produces(MediaType.APPLICATION_JSON)
public class AccessKeyResource {

    private static final Logger LOG = Logger.getLogger(AccessKeyResource.class);
    /** The owner of a key created without one: the operator's own. */
    static final String DEFAULT_OWNER = "admin";
    private static final int SMALL_BODY = 4096;

    @Inject
    AccessKeyStore keys;

    /** Body {@code {"owner": "alice"}}, or none for the default owner. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body) throws IOException {
        byte[] bytes = SmallBody.read(body, SMALL_BODY, "an access key request");
        JsonNode owner = bytes.length == 0 ? null : CanonicalJson.parse(bytes).get("owner");
        if (owner != null && !owner.isTextual()) {
            throw StoreException.badRequest("owner must be a string");
        }
        AccessKey key;
        try {
            key = keys.create(owner == null ? DEFAULT_OWNER : owner.textValue());
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest(e.getMessage());
        }
        LOG.infof("access key %s created for owner %s", key.id(), key.owner());
        Map<String, Object> answer = view(key);
        answer.put("secret", key.secret());
        return Response.status(201).entity(answer).build();
    }

    @GET
    public List<Map<String, Object>> list() {
        return keys.list().stream().map(AccessKeyResource::view).toList();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        if (!keys.revoke(id)) {
            throw StoreException.notFound("no access key " + id);
        }
        LOG.infof("access key %s revoked", id);
        return Response.noContent().build();
    }

    private static Map<String, Object> view(AccessKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id());
        view.put("owner", key.owner());
        view.put("createdAt", key.createdAt());
        return view;
    }
}
