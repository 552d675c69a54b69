package io.hybridstore.gateway.api;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.Detail;
import io.hybridstore.common.error.StoreException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.handler.HttpException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one mapping of failures to RFC 9457 problem+json ({@link #classify}): a {@link StoreException}'s
 * code decides status, type ({@link ErrorCode#typeUri()}) and title; an {@link AuthFailure} its S3
 * code; anything else is an INTERNAL 500 and is logged. The REST resources answer through the
 * mappers below, the document route ({@link DocumentRoute}) through {@link #classify} directly.
 * JAX-RS's own errors (unknown path, wrong method or media type) keep their status, with a detail
 * that says what was asked ({@link RestRefusals}) and a 405 with its {@code Allow} ({@link AllowedMethods});
 * a request that fails on the router outside the REST layer is answered through {@link #unrouted}
 * ({@link RoutingProblems}). What the HTTP layer refuses before it routes (a malformed escape) reaches
 * none of these (docs/operations.md).
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    public static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    @Inject
    AllowedMethods allowed;

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

    /**
     * What a request that failed on the router, outside the REST layer, answers ({@link RoutingProblems}):
     * a body that could not be read (an {@link IOException}: a multipart form that broke off or does not
     * parse) is the client's 400; a status the HTTP layer set without a failure (413 for a body over its
     * limit) keeps it; anything else is classified as above.
     *
     * @param status the status the router failed the request with, or -1
     * @param failure what failed it, or null
     */
    static Problem unrouted(int status, Throwable failure) {
        if (failure instanceof IOException) {
            return classify(StoreException.badRequest("the request's body could not be read: " + failure.getMessage()));
        }
        if (failure == null || failure instanceof HttpException) {
            int code = failure instanceof HttpException e ? e.getStatusCode() : status;
            if (code >= 400 && code < 500) {
                String title = title(code);
                return new Problem(code, "about:blank", title, "the HTTP layer refused the request: " + title, null, null);
            }
        }
        return classify(failure == null ? new IllegalStateException("request failed with status " + status) : failure);
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

    /**
     * The REST layer's own refusals (no such route 404, a method the route does not take 405 with its
     * {@code Allow}, an Accept it cannot answer 406, a Content-Type it does not read 415), each with a
     * detail that names what was asked.
     */
    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status == 404 && e.getCause() != null) {
            // A query or path parameter that does not convert to its type (limit=abc) is a 404 by JAX-RS's rule:
            // it would read as "no such route".
            return response(classify(StoreException.badRequest("a parameter of " + Detail.quoted(request.uri()) + " does not parse: "
                    + e.getCause().getMessage())));
        }
        String allow = status == 405 ? allowed.allow(request.path()) : null;
        Response.ResponseBuilder answer = builder(new Problem(status, "about:blank", title(status),
                RestRefusals.detail(status, request.method().name(), request.path(), allow, request.getHeader(HttpHeaders.CONTENT_TYPE),
                        request.getHeader(HttpHeaders.ACCEPT), e.getMessage()), null, null));
        return (allow == null ? answer : answer.header(HttpHeaders.ALLOW, allow)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return response(classify(e));
    }

    /** The title of a problem that has only an HTTP status: its reason phrase. */
    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private static Response response(Problem problem) {
        return builder(problem).build();
    }

    private static Response.ResponseBuilder builder(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(PROBLEM_JSON).entity(problem.json());
        if (problem.retryAfter() != null) {
            response.header("Retry-After", problem.retryAfter());
        }
        if (problem.wwwAuthenticate() != null) {
            response.header("WWW-Authenticate", problem.wwwAuthenticate());
        }
        return response;
    }
}
