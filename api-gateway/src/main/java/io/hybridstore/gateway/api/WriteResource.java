package io.hybridstore.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteResult;
import io.hybridstore.gateway.write.WriteService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /write} and {@code DELETE /objects/{key}}: validate, delegate, answer. */
@Path("/")
@RunOnVirtualThread
public class WriteResource {

    @Inject
    WriteService writes;

    @Inject
    GatewayConfig config;

    @POST
    @Path("write")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response write(InputStream body, @HeaderParam("Content-Length") Long contentLength) throws IOException {
        long limit = config.gateway().maxBodySize().asLongValue();
        if (contentLength != null && contentLength > limit) {
            throw tooLarge(contentLength, limit);
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw tooLarge(bytes.length, limit);
        }
        JsonNode request = CanonicalJson.parse(bytes);
        if (!request.isObject() || !request.path("key").isTextual()) {
            throw StoreException.badRequest("body must be {\"key\": \"...\", \"value\": {...}}");
        }
        if (!(request.get("value") instanceof ObjectNode value)) {
            throw StoreException.badRequest("value must be a JSON object");
        }
        String key = ObjectKeys.validate(request.get("key").textValue());
        Timings timings = new Timings();
        return answer(writes.write(key, value, timings), timings);
    }

    @DELETE
    @Path("objects/{key: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("key") String key) {
        Timings timings = new Timings();
        return answer(writes.delete(ObjectKeys.validate(key), false, timings), timings);
    }

    /**
     * 200 clean (or deleted, or superseded by a newer write); 202 readable but with copies missing
     * (dirty) or still being written (in_progress), listed under "missing".
     */
    private static Response answer(WriteResult result, Timings timings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", result.key());
        body.put("version", result.version().toString());
        body.put("state", result.committed() ? result.state().name().toLowerCase() : "superseded");
        if (!result.dedup().isEmpty()) {
            body.put("dedup", result.dedup());
        }
        boolean accepted = result.committed() && (result.state() == ObjectState.DIRTY || result.state() == ObjectState.IN_PROGRESS);
        if (accepted) {
            body.put("missing", result.missing());
        }
        return Response.status(accepted ? 202 : 200)
                .entity(body)
                .tag(result.version().toString())
                .header("Server-Timing", timings.serverTiming())
                .build();
    }

    private static StoreException tooLarge(long size, long limit) {
        return new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "body of " + size + " bytes exceeds the limit of " + limit);
    }
}
