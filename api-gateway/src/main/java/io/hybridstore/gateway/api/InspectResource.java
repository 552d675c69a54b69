package io.hybridstore.gateway.api;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.repair.CopyInspector;
import io.hybridstore.common.write.KeyPaths;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.infra.Backend;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/inspect/{key}}: every copy of an object as its node finds it now (present,
 * checksum OK), for {@code hybridstore inspect}. Not under {@code /admin/objects/{key}}, whose key may
 * itself end in {@code /inspect}. Each node call is bounded by the chunk client's timeout.
 */
@Path("/admin/inspect")
@Admin
@RunOnVirtualThread
public class InspectResource {

    @Inject
    Backend backend;

    @GET
    @Path("{key: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response inspect(@Context HttpServerRequest request) throws InterruptedException {
        String valid = ObjectKeys.validateBlobName(KeyPaths.decode(request.path(), "/admin/inspect/", "")); // the wider rule: blob names and document keys alike
        ObjectMetadata object = backend.metadata().get(valid).map(s -> s.metadata()).filter(m -> !m.deleted())
                .orElseThrow(() -> StoreException.notFound("no object " + valid));
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        backend.nodes().liveNodes().forEach(n -> live.put(n.id(), n));
        CopyInspector.Inspection found = new CopyInspector(backend.chunks()).inspect(object, live);
        return Response.ok(ModelJson.toBytes(found), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
