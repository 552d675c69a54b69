package io.hybridstore.node.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The node's request meters: {@code hybridstore_node_requests_seconds{method,route,status}} (count,
 * sum, max) for every request but {@code /q/...}, timed from its routing to the end of its answer;
 * status {@code reset} when the connection closed before the answer ended. The console's node
 * table and the dashboard read them.
 *
 * <p>Why the node's own and not Quarkus' {@code http_server_requests_seconds} (turned off in
 * application.properties, with the Vert.x pool meters): that binder built the tags of every
 * response and looked its timer up in the registry each time, and measured 11 % of a node's Java
 * CPU samples under small-document load (docs/benchmarks.md, session 16). Here a meter is made once
 * per (route, method, status) and held; a response costs one map look-up by an int and one record.
 */
@ApplicationScoped
public class RequestMeters {
    static final String NAME = "hybridstore.node.requests";
    private static final String[] METHODS = {"GET", "HEAD", "PUT", "POST", "DELETE"};
    /** The status label of an answer cut off by a closed connection. */
    static final int RESET = 0;

    private final MeterRegistry registry;
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Times {@code route}'s request from now to the end of its answer ({@link FrontRoute} calls this first for every request). */
    void time(RoutingContext context, NodeRoute route) {
        long start = System.nanoTime();
        int method = methodIndex(context.request().method().name());
        context.addEndHandler(ended -> timer(route, method, ended.succeeded() ? context.response().getStatusCode() : RESET)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** The held timer of one (route, method, status): registered on its first request, looked up by an int after. */
    Timer timer(NodeRoute route, int method, int status) {
        int key = (route.ordinal() * 8 + method) * 1000 + status;
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key, k -> Timer.builder(NAME)
                .description("Requests the node answered (health checks and metrics scrapes aside), from routing to the answer's end")
                .tag("method", method < METHODS.length ? METHODS[method] : "OTHER").tag("route", route.template)
                .tag("status", status == RESET ? "reset" : Integer.toString(status)).register(registry));
    }

    /** A bounded label: the usual methods by name, anything else as OTHER. */
    static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length;
    }
}
