package io.hybridstore.gateway.api;

import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.write.KeyPaths;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.read.ReadService;
import io.hybridstore.gateway.write.Timings;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /read/{key}} (the document as written) and {@code GET /admin/objects/{key}} (its metadata). */
@Path("/")
@RunOnVirtualThread
public class ReadResource {

    @Inject
    ReadService reads;

    /** The request the document route passes on (a SigV4 credential, a query, an Accept it does not take; HEAD). */
    @GET
    @Path("read/{key: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response read(@Context HttpServerRequest request) {
        Timings timings = new Timings();
        return answer(reads.read(ObjectKeys.validate(KeyPaths.decode(request.path(), "/read/", "")), timings), timings);
    }

    /** The document as written, its version as the ETag (also a signed link's answer). */
    static Response answer(ReadService.ReadResult result, Timings timings) {
        return Response.ok(body(result), MediaType.APPLICATION_JSON_TYPE)
                .tag(result.metadata().version().toString())
                .header("Server-Timing", timings.serverTiming())
                .build();
    }

    /** The document's bytes (exact numbers: a value reads back as it was written, 1.10 stays 1.10). */
    static byte[] body(ReadService.ReadResult result) {
        return result.json();
    }

    @GET
    @Admin
    @Path("admin/objects/{key: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response metadata(@Context HttpServerRequest request) {
        String key = ObjectKeys.validate(KeyPaths.decode(request.path(), "/admin/objects/", ""));
        return Response.ok(ModelJson.toBytes(reads.metadata(key)), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
