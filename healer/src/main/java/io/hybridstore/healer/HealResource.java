package io.hybridstore.healer;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.repair.HealerStats.ObjectCondition;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.write.KeyPaths;
import io.hybridstore.healer.infra.Backend;
import io.hybridstore.io.http.BearerToken;
import io.hybridstore.io.http.ChunkApi;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code POST /admin/heal/{key}} (needs {@code Authorization: Bearer $CLUSTER_TOKEN}): the leader
 * audits and repairs one key now ({@code hybridstore heal KEY}), outside its pass order. A standby
 * answers 409 with {@code leader: false}: only the leader repairs, so a client asks the healer whose
 * {@code GET /status} says {@code leader: true}. Without a configured token the endpoint is closed.
 */
@Path("/admin/heal")
@RunOnVirtualThread
public class HealResource {

    private final LeaderLoop loop;
    private final Backend backend;
    private final HealerConfig config;
    private final Optional<BearerToken> token;

    HealResource(LeaderLoop loop, Backend backend, HealerConfig config) {
        this.loop = loop;
        this.backend = backend;
        this.config = config;
        this.token = config.cluster().token().filter(t -> !t.isBlank()).map(BearerToken::new);
    }

    /**
     * The answer: {@code {key, healerId, leader, condition, state}}; {@code condition} is
     * {@code HEALTHY}, {@code DEGRADED} or {@code LOST} after the attempt, {@code state} the record's state
     * then. A standby's answer (409) has {@code leader: false} and no condition.
     */
    public record HealAnswer(String key, String healerId, boolean leader, String condition, String state, String detail) {
    }

    @POST
    @Path("{key: .+}")
    public Response heal(@Context HttpServerRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws InterruptedException {
        String id = config.healer().id();
        if (token.isEmpty() || !token.get().admits(authorization)) {
            return problem(ErrorCode.UNAUTHORIZED, token.isEmpty() ? "no CLUSTER_TOKEN configured: the admin API is closed"
                    : "the admin API needs Authorization: Bearer $CLUSTER_TOKEN");
        }
        String key = KeyPaths.decode(request.path(), "/admin/heal/", ""); // not the REST layer's path parameter: it decodes twice
        Optional<LeaderLoop.Term> term = loop.leading();
        if (term.isEmpty()) {
            return json(409, new HealAnswer(key, id, false, null, null,
                    "not the healer leader: ask the healer whose GET /status says leader: true"));
        }
        Optional<ObjectCondition> condition = term.get().healer().healNow(key, term.get().held());
        if (condition.isEmpty()) {
            return problem(ErrorCode.NOT_FOUND, "no object " + key);
        }
        String state = backend.metadata().get(key).map(MetadataStore.Stored::metadata).map(m -> m.state().name()).orElse(null);
        return json(200, new HealAnswer(key, id, true, condition.get().name(), state, null));
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /**
     * RFC 9457, the body {@link ProblemMapper} writes for a thrown StoreException, which answers every
     * other failure here. Returned for this resource's own 401 (which has never carried the mapper's
     * WWW-Authenticate) and 404.
     */
    private static Response problem(ErrorCode code, String detail) {
        return Response.status(code.httpStatus()).type(ChunkApi.PROBLEM_JSON)
                .entity(new ChunkApi.Problem(code.typeUri(), code.title(), code.httpStatus(), detail)).build();
    }
}
