package io.hybridstore.gateway.api;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one mapping of failures to RFC 9457 problem+json: a {@link StoreException}'s code decides
 * status, type ({@link ErrorCode#typeUri()}) and title; JAX-RS's own errors (unknown path, wrong
 * method or media type) keep their status; anything else is an INTERNAL 500 and is logged.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response store(StoreException e) {
        if (e.code() == ErrorCode.INTERNAL) {
            LOG.error("internal error", e);
        }
        Response.ResponseBuilder response = problem(e.code().httpStatus(), e.code().typeUri(), e.code().title(), e.getMessage());
        if (e.retryable()) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }

    /**
     * An access key that does not check out (JSON and blob API): its S3 code is the problem type
     * and title, so the same failure reads the same here and in an S3 client.
     */
    @ServerExceptionMapper
    public Response auth(AuthFailure e) {
        Response.ResponseBuilder response = problem(e.status(), "urn:hybridstore:problem:auth:" + e.code(), e.code(), e.getMessage());
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"hybridstore\"");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(status, "about:blank", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage()).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        ErrorCode code = ErrorCode.INTERNAL;
        return problem(code.httpStatus(), code.typeUri(), code.title(), "unexpected failure; see the gateway log").build();
    }

    private static Response.ResponseBuilder problem(int status, String type, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body);
    }
}
