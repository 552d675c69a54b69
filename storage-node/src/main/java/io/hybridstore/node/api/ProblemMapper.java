package io.hybridstore.node.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.Detail;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkApi.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * The node's one exception mapper: every failure becomes RFC 9457 problem+json, classified by its
 * {@link ErrorCode} (type, title, status), with a detail for people and never a stack trace.
 * Framework exceptions (unknown path, wrong method, unreadable JSON) keep their status, except a
 * parameter that does not convert ({@code ?limit=abc}), which is the client's 400; anything
 * unclassified is a 500 whose cause is logged here, not sent.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        Problem problem = classify(unconverted(failure, uri));
        Response.ResponseBuilder response = Response.status(problem.status()).type(ChunkApi.PROBLEM_JSON).entity(problem);
        if (problem.status() == ErrorCode.UNAUTHORIZED.httpStatus()) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }

    static Problem classify(Throwable failure) {
        if (failure instanceof StoreException e) {
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("internal error", e);
            }
            return problem(e.code(), e.getMessage());
        }
        if (failure instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return Arrays.stream(ErrorCode.values()).filter(c -> c.httpStatus() == status).findFirst()
                    .map(code -> problem(code, e.getMessage()))
                    .orElseGet(() -> new Problem("about:blank", Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                            : Response.Status.fromStatusCode(status).getReasonPhrase(), status, e.getMessage()));
        }
        LOG.error("unclassified failure", failure);
        return problem(ErrorCode.INTERNAL, "internal error (" + failure.getClass().getSimpleName() + "); see the node log");
    }

    /**
     * A query or path parameter that does not convert to its type ({@code limit=abc}) reaches here as
     * JAX-RS's 404 with the conversion failure as its cause: it would read as "no such chunk" or "no
     * such route". It is the client's 400, naming the request (and so the parameter) and the failure.
     */
    static Throwable unconverted(Throwable failure, UriInfo uri) {
        if (failure instanceof WebApplicationException e && e.getResponse().getStatus() == 404 && e.getCause() != null) {
            String target = uri == null ? "the request" : uri.getRequestUri().getRawPath()
                    + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
            return StoreException.badRequest("a parameter of " + Detail.quoted(target) + " does not parse: " + e.getCause().getMessage());
        }
        return failure;
    }

    private static Problem problem(ErrorCode code, String detail) {
        return new Problem(code.typeUri(), code.title(), code.httpStatus(), detail);
    }
}
