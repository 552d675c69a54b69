package io.hybridstore.gateway.api;

import io.hybridstore.common.auth.BearerKey;
import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.write.KeyPaths;
import io.hybridstore.common.write.ObjectKeys;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.auth.ApiAuthentication;
import io.hybridstore.gateway.http.LingeringClose;
import io.hybridstore.gateway.read.ReadService;
import io.hybridstore.gateway.write.Timings;
import io.hybridstore.gateway.write.WriteResult;
import io.hybridstore.gateway.write.WriteService;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /write} and {@code GET /read/{key}} as Vert.x routes ahead of the REST resources: the
 * body is read whole on the event loop (never more than gateway.max-body-size), the work runs on a
 * virtual thread, and the answer leaves from the event loop in one write, its JSON written field by
 * field. Why: through RESTEasy Reactive the body reached the resource's virtual thread through a
 * blocking stream that called back to the event loop, the answer's map went through a writer looked
 * up per request, and the framework around the handler was 16 % of the gateway's CPU on writes and
 * 37 % on reads at 32 clients (docs/benchmarks.md, sessions 19 and 20).
 *
 * <p>Every decision is the resources' own: who calls ({@link ApiAuthentication}), what a body may be
 * ({@link WriteRequest}), which key a path names ({@link KeyPaths}, as {@link ReadResource} reads it),
 * what the answer says ({@link WriteAnswer}, {@link ReadResource#body}), how a failure reads
 * ({@link ProblemMapper#classify}). Only the plain case takes this route: no query, no
 * credential but a bearer one (SigV4 verifies the body as the resource streams it), an Accept that
 * takes JSON. Anything else (and HEAD) goes on to the resources untouched.
 */
@ApplicationScoped
public class DocumentRoute {

    /** Ahead of the REST layer's handler on the same router. */
    private static final int ORDER = -10;
    private static final String READ = "/read/";
    /** What the metrics' uri tag says for a read, as the REST layer set it (not one tag per key). */
    private static final String READ_TEMPLATE = "/read/{key}";
    /**
     * Server-Timing parts of the route itself: {@code start} from the request's arrival on the event
     * loop to its virtual thread running (the body's read and a wait for a carrier thread), {@code
     * total} from the arrival to the answer made, last (so the client's latency less it is the answer's
     * way back, and it less the other parts what no part timed).
     */
    private static final String START = "start";
    private static final String TOTAL = "total";

    private final WriteService writes;
    private final ReadService reads;
    private final ApiAuthentication authentication;
    private final Clock clock;
    /** gateway.max-body-size, read once: the config's MemorySize converts through a BigInteger on every call. */
    private final long maxBody;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("document-", 0).factory());
    /** Requests this route answered (not passed on): tests check that the path they mean to cover was the one taken. */
    private final LongAdder taken = new LongAdder();

    DocumentRoute(WriteService writes, ReadService reads, ApiAuthentication authentication, GatewayConfig config, Clock clock) {
        this.writes = writes;
        this.reads = reads;
        this.authentication = authentication;
        this.clock = clock;
        this.maxBody = config.gateway().maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        router.post("/write").order(ORDER).handler(this::write);
        router.getWithRegex(READ + ".+").order(ORDER).handler(this::read);
    }

    void stop(@Observes ShutdownEvent stop) {
        threads.shutdownNow();
    }

    long taken() {
        return taken.sum();
    }

    private void write(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!plain(request)) {
            context.next();
            return;
        }
        taken.increment();
        long arrived = System.nanoTime();
        Context loop = Vertx.currentContext();
        long declared = declaredLength(request);
        if (declared > maxBody) {
            // Refused unread; after the answer the rest of the body is dropped, never held, and the connection closed.
            work(loop, request, true, () -> {
                authenticate(request);
                throw WriteRequest.tooLarge(declared, maxBody);
            });
            return;
        }
        BoundedBody.read(request, declared, maxBody, body -> work(loop, request, body == null, () -> {
            Timings timings = new Timings();
            timings.since(START, arrived);
            authenticate(request);
            if (body == null) {
                throw WriteRequest.tooLarge(maxBody + 1, maxBody);
            }
            WriteRequest parsed = WriteRequest.parse(body);
            WriteResult result = writes.write(parsed.key(), parsed.value(), timings);
            byte[] json = WriteAnswer.json(result);
            timings.since(TOTAL, arrived);
            return RouteAnswer.json(WriteAnswer.status(result), RouteAnswer.WRITE_JSON, json, result.version().toString(), timings);
        }));
    }

    private void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!plain(request)) {
            context.next();
            return;
        }
        taken.increment();
        long arrived = System.nanoTime();
        Context loop = Vertx.currentContext();
        loop.putLocal("UrlPathTemplate", READ_TEMPLATE);
        String rawPath = request.path(); // not the normalised one: the key is read from what the client sent (KeyPaths)
        LingeringClose.discard(request);
        work(loop, request, false, () -> {
            Timings timings = new Timings();
            timings.since(START, arrived);
            authenticate(request);
            ReadService.ReadResult result = reads.read(ObjectKeys.validate(KeyPaths.decode(rawPath, READ, "")), timings);
            byte[] json = ReadResource.body(result);
            timings.since(TOTAL, arrived);
            return RouteAnswer.json(200, RouteAnswer.READ_JSON, json, result.metadata().version().toString(), timings);
        });
    }

    /**
     * Runs {@code step} on a virtual thread (auth, etcd, the WAL and the nodes all block) and sends its
     * answer, or its failure's problem+json, from the request's event loop. {@code unread}: the body
     * was refused unread, so the answer ends the request ({@link RouteAnswer#send}).
     */
    private void work(Context loop, HttpServerRequest request, boolean unread, RouteAnswer.Step step) {
        threads.execute(() -> {
            RouteAnswer answer = RouteAnswer.of(step);
            loop.runOnContext(v -> answer.send(request, unread));
        });
    }

    /** @throws io.hybridstore.common.auth.AuthFailure as the REST resources' filter would */
    private void authenticate(HttpServerRequest request) {
        authentication.decide(request.getHeader(HttpHeaders.AUTHORIZATION), () -> signedRequest(request), false);
    }

    /**
     * What this route takes: a Host, no query (a presigned URL's credentials are there), no Authorization but a
     * bearer one (a SigV4 header is verified by the resource's filter against the body as it streams),
     * and an Accept that takes JSON (the resource answers 406 to one that does not).
     */
    static boolean plain(HttpServerRequest request) {
        if (request.query() != null || request.authority() == null) {
            return false; // a query may carry SigV4 credentials; without Host the REST layer cannot build the request's URI (500)
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank() && !BearerKey.isBearer(authorization)) {
            return false;
        }
        return takesJson(request.getHeader(HttpHeaders.ACCEPT));
    }

    /**
     * No Accept, or one that lists application/json, application/* or *&#47;* without parameters; any
     * other (a q-value among them) goes to the resource, whose answer it then is.
     */
    static boolean takesJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.strip().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    /** -1 when none is declared (or it does not parse: the body is then read to its end, bounded like any other). */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Only reached for a request without credentials (no bearer one): what {@link ApiAuthentication} looks at then. */
    private SignedRequest signedRequest(HttpServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue()));
        if (!headers.containsKey("host") && request.authority() != null) {
            headers.put("host", List.of(request.authority().toString()));
        }
        return new SignedRequest(request.method().name(), request.path(), "", headers, clock.instant());
    }
}
