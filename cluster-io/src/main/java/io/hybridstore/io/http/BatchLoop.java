package io.hybridstore.io.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.function.Function;

/**
 * Where the node batches' requests are sent from: one event loop of the app's Vert.x, with a Web
 * Client of its own, so their connections are made on that loop and their answers are handled there.
 *
 * <p>Why: Vert.x 4 runs a request's handlers on the context it was sent from, and a virtual thread
 * that sends gets a new context, on the next event loop in turn; its pool hands out the connection
 * used last, whichever loop it lives on. So a batch was written by one loop and answered on it, then
 * handed to another loop for its handlers: a lone write's 8 batches woke most of the gateway's loops
 * twice (session 38: 33-41 context switches of the loops a lone write). From one loop, a write's
 * batches leave in one wake-up and their answers are read and handled where they arrive. The
 * internal {@code createEventLoopContext} is the only way to get an event-loop context of its own
 * (a context got on a worker thread would be a worker's); with a Vert.x that is not Vert.x's own
 * implementation the batches are sent from the caller's context, as every other request is.
 */
final class BatchLoop implements AutoCloseable {
    private final WebClient client;
    private final ContextInternal context;

    private BatchLoop(WebClient client, ContextInternal context) {
        this.client = client;
        this.context = context;
    }

    static BatchLoop of(Vertx vertx, WebClientOptions options) {
        ContextInternal context = vertx instanceof VertxInternal internal ? internal.createEventLoopContext() : null;
        return new BatchLoop(WebClient.create(vertx, new WebClientOptions(options)), context);
    }

    /** The request made and sent on the batch loop (at once when called there); its answer completes there too. */
    <T> Future<T> send(Function<WebClient, Future<T>> request) {
        if (context == null || onLoop()) {
            return make(request);
        }
        Promise<T> answer = Promise.promise();
        context.runOnContext(ignored -> make(request).onComplete(answer));
        return answer.future();
    }

    private <T> Future<T> make(Function<WebClient, Future<T>> request) {
        try {
            return request.apply(client);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** True on the thread of the batch loop (tests: the answers are handled there). */
    boolean onLoop() {
        return context != null && context.nettyEventLoop().inEventLoop();
    }

    @Override
    public void close() {
        client.close();
    }
}
