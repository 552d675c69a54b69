package io.hybridstore.healer;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.ChunkApi;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The healer's one mapping of failures to HTTP, RFC 9457 problem+json: a {@link StoreException} by its
 * {@link ErrorCode}; the REST layer's own refusals (no such route, a method the route does not take)
 * with their status; anything else a 500 whose cause is logged here, never sent.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        ChunkApi.Problem problem = classify(failure);
        Response.ResponseBuilder response = Response.status(problem.status()).type(ChunkApi.PROBLEM_JSON).entity(problem);
        if (problem.status() == ErrorCode.UNAUTHORIZED.httpStatus()) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }

    static ChunkApi.Problem classify(Throwable failure) {
        if (failure instanceof StoreException e) {
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("internal error", e);
            }
            return new ChunkApi.Problem(e.code().typeUri(), e.code().title(), e.code().httpStatus(), e.getMessage());
        }
        if (failure instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
            Response.StatusType status = e.getResponse().getStatusInfo();
            return new ChunkApi.Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage());
        }
        LOG.error("unclassified failure", failure);
        return new ChunkApi.Problem(ErrorCode.INTERNAL.typeUri(), ErrorCode.INTERNAL.title(), ErrorCode.INTERNAL.httpStatus(),
                "internal error (" + failure.getClass().getSimpleName() + "); see the healer log");
    }
}
