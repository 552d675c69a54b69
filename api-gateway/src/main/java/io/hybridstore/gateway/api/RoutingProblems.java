package io.hybridstore.gateway.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Failures of a request that happen on the router, outside the REST layer's exception mappers,
 * answered as every other failure is ({@link ProblemMapper#unrouted}): a form upload whose multipart
 * body breaks off or does not parse, a body the HTTP layer refuses. Without this the framework's own
 * error page answered them: a 500, with a stack trace outside production.
 * It costs nothing per request: the router calls it only once a request has failed.
 *
 * <p>Not reachable from here (docs/operations.md, "What clients see"): what the HTTP layer refuses
 * before it routes. A URI that is not a URI (a malformed escape such as {@code /read/a%zz}) is
 * refused by Quarkus's URI check with an empty 400; a request line or header section over the
 * limits, a Content-Length that is no number, a garbled request line by Vert.x's decoder with an
 * empty 400, 414 or 431.
 */
@ApplicationScoped
public class RoutingProblems {

    /** Ahead of the framework's own failure handler, and of every route: a failure handler is called for failures only. */
    private static final int ORDER = -20;

    void register(@Observes Router router) {
        router.route().order(ORDER).failureHandler(this::failed);
    }

    private void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            context.request().connection().close(); // the status line is gone: the client sees the answer cut short
            return;
        }
        // The body may be left unread: the answer ends the request and its connection.
        RouteAnswer.problem(ProblemMapper.unrouted(context.statusCode(), context.failure())).send(context.request(), true);
    }
}
