package io.hybridstore.gateway.api;

import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteResult;
import io.hybridstore.gateway.write.WriteService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/** {@code POST /write} and {@code DELETE /objects/{key}}: validate, delegate, answer. */
@Path("/")
@RunOnVirtualThread
public class WriteResource {

    @Inject
    WriteService writes;

    @Inject
    GatewayConfig config;

    /** The request the document route passes on (a SigV4 credential, a query, an Accept it does not take): the same checks and answer. */
    @POST
    @Path("write")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response write(InputStream body, @HeaderParam("Content-Length") Long contentLength) throws IOException {
        long limit = config.gateway().maxBodySize().asLongValue();
        if (contentLength != null && contentLength > limit) {
            throw WriteRequest.tooLarge(contentLength, limit);
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw WriteRequest.tooLarge(bytes.length, limit);
        }
        WriteRequest request = WriteRequest.parse(bytes);
        Timings timings = new Timings();
        return answer(writes.write(request.key(), request.value(), timings), timings);
    }

    @DELETE
    @Path("objects/{key: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@Context HttpServerRequest request) {
        Timings timings = new Timings();
        return answer(writes.delete(ObjectKeys.validate(ObjectPaths.key(request, "")), false, timings), timings);
    }

    private static Response answer(WriteResult result, Timings timings) {
        return Response.status(WriteAnswer.status(result))
                .entity(WriteAnswer.json(result))
                .tag(result.version().toString())
                .header("Server-Timing", timings.serverTiming())
                .build();
    }
}
