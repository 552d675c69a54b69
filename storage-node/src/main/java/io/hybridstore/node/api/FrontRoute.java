package io.hybridstore.node.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The first handler on the node's router: names the request's route once ({@link NodeRoute}), starts
 * its meter ({@link RequestMeters}), and hands the four batch routes straight to {@link BatchRoute};
 * every other request, and a batch request that route declines, goes on down the router as before.
 * Why straight: walking the router from here to a route of its own matched each route registered in
 * between against the path, about 6 % of a node's event-loop samples under small-document reads
 * (docs/benchmarks.md, session 20), for requests whose route is already known.
 */
@ApplicationScoped
public class FrontRoute {
    /** Before every other handler on the router. */
    private static final int ORDER = -1_000;

    private final RequestMeters meters;
    private final BatchRoute batches;

    FrontRoute(RequestMeters meters, BatchRoute batches) {
        this.meters = meters;
        this.batches = batches;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        NodeRoute route = NodeRoute.of(request.method().name(), request.path());
        if (route == null) { // the node's own /q/ endpoints: neither timed nor a batch
            context.next();
            return;
        }
        meters.time(context, route);
        batches.handle(route, context);
    }
}
