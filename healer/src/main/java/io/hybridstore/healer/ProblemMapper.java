package io.hybridstore.healer;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.ChunkApi;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** The healer's one mapping of classified failures to HTTP: RFC 9457 problem+json by {@link ErrorCode}. */
@Provider
public class ProblemMapper implements ExceptionMapper<StoreException> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(StoreException e) {
        if (e.code() == ErrorCode.INTERNAL) {
            LOG.error("internal error", e);
        }
        ErrorCode code = e.code();
        Response.ResponseBuilder response = Response.status(code.httpStatus()).type(ChunkApi.PROBLEM_JSON)
                .entity(new ChunkApi.Problem(code.typeUri(), code.title(), code.httpStatus(), e.getMessage()));
        if (code == ErrorCode.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }
}
