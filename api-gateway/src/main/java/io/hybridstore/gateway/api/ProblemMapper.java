package io.hybridstore.gateway.api;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one mapping of failures to RFC 9457 problem+json ({@link #classify}): a {@link StoreException}'s
 * code decides status, type ({@link ErrorCode#typeUri()}) and title; an {@link AuthFailure} its S3
 * code; anything else is an INTERNAL 500 and is logged. The REST resources answer through the
 * mappers below, the document route ({@link DocumentRoute}) through {@link #classify} directly.
 * JAX-RS's own errors (unknown path, wrong method or media type) keep their status.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    public static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    /** What {@code failure} answers; a failure the API does not expect is logged here, once. */
    public static Problem classify(Throwable failure) {
        if (failure instanceof StoreException e) {
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("internal error", e);
            }
            return new Problem(e.code().httpStatus(), e.code().typeUri(), e.code().title(), e.getMessage(), e.retryable() ? "1" : null, null);
        }
        if (failure instanceof AuthFailure e) {
            // Its S3 code is the problem type and title, so the same failure reads the same here and in an S3 client.
            return new Problem(e.status(), "urn:hybridstore:problem:auth:" + e.code(), e.code(), e.getMessage(), null,
                    e.status() == 401 ? "Bearer realm=\"hybridstore\"" : null);
        }
        LOG.error("unexpected failure", failure);
        ErrorCode code = ErrorCode.INTERNAL;
        return new Problem(code.httpStatus(), code.typeUri(), code.title(), "unexpected failure; see the gateway log", null, null);
    }

    @ServerExceptionMapper
    public Response store(StoreException e) {
        return response(classify(e));
    }

    /** An access key that does not check out (JSON and blob API). */
    @ServerExceptionMapper
    public Response auth(AuthFailure e) {
        return response(classify(e));
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return response(new Problem(status, "about:blank", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return response(classify(e));
    }

    private static Response response(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(PROBLEM_JSON).entity(problem.json());
        if (problem.retryAfter() != null) {
            response.header("Retry-After", problem.retryAfter());
        }
        if (problem.wwwAuthenticate() != null) {
            response.header("WWW-Authenticate", problem.wwwAuthenticate());
        }
        return response.build();
    }
}
