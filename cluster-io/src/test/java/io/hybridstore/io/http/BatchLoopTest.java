package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batches sent from many virtual threads (each a new Vert.x context, on the next event loop in turn)
 * are all answered on one event loop, over connections made there; one sent from that loop goes at
 * once, and a request that cannot be made fails its future instead of throwing on the loop.
 */
class BatchLoopTest {

    private static final int REQUESTS = 200;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    private final BatchLoop loop = BatchLoop.of(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(8));
    private HttpServer server;

    @AfterEach
    void close() throws Exception {
        loop.close();
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void answersFromManyThreadsAreHandledOnOneLoopOverConnectionsMadeThere() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server = vertx.createHttpServer().requestHandler(request -> {
            clientPorts.add(request.remoteAddress().port());
            request.response().end("ok");
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + server.actualPort() + "/chunks/_batch";

        Set<String> handledOn = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.add(answer);
            Thread.ofVirtual().start(() -> loop.send(web -> post(web, url)).onComplete(done -> {
                handledOn.add(Thread.currentThread().getName());
                if (done.succeeded()) {
                    answer.complete(done.result().bodyAsString());
                } else {
                    answer.completeExceptionally(done.cause());
                }
            }));
        }
        for (CompletableFuture<String> answer : answers) {
            assertEquals("ok", answer.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, handledOn.size(), "every answer handled on one thread: " + handledOn);
        assertTrue(handledOn.iterator().next().startsWith("vert.x-eventloop-thread-"), "an event loop: " + handledOn);
        assertTrue(clientPorts.size() <= 8, "the pool's connections, at most its size: " + clientPorts.size());

        // Sent from the loop itself (as a node's next batch is, from the answer of its previous one): at once, same loop.
        CompletableFuture<Boolean> chainedOnLoop = new CompletableFuture<>();
        loop.send(web -> post(web, url)).onComplete(first -> {
            boolean sentFromLoop = loop.onLoop();
            loop.send(web -> post(web, url)).onComplete(second -> chainedOnLoop.complete(sentFromLoop && loop.onLoop() && second.succeeded()));
        });
        assertTrue(chainedOnLoop.get(10, TimeUnit.SECONDS), "the second request sent and answered on the loop");
        assertFalse(loop.onLoop(), "the test's own thread is not the loop");
    }

    @Test
    void aRequestThatCannotBeMadeFailsItsFuture() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> loop.send(web -> {
            throw new IllegalArgumentException("no such node");
        }).onComplete(done -> failure.complete(done.cause()))).join();
        Throwable cause = failure.get(10, TimeUnit.SECONDS);
        assertEquals("no such node", cause.getMessage());
    }

    private static Future<HttpResponse<Buffer>> post(WebClient web, String url) {
        return web.requestAbs(HttpMethod.POST, url).timeout(5_000).sendBuffer(Buffer.buffer("batch"));
    }
}
