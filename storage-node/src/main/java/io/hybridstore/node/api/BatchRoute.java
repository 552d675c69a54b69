package io.hybridstore.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridstore.io.http.BearerToken;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkApi.Problem;
import io.hybridstore.io.http.ChunkOutcomeFraming;
import io.hybridstore.node.NodeConfig;
import io.hybridstore.node.store.BatchWrite;
import io.hybridstore.node.store.DiskChunkStore;
import io.hybridstore.node.store.ResidentReads;
import io.hybridstore.node.store.VerifiedChunk;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The small-document path of {@code POST /chunks/_batch} and {@code POST /chunks/_batch-get}, the
 * healer's audit {@code POST /chunks/_exists} and its scrub {@code POST /chunks/_verify}, as Vert.x
 * handlers ahead of the REST resource ({@link FrontRoute} hands them over): the body is read whole on
 * the event loop, the store's work runs once on a worker thread, and the answer leaves in one write. Why: through RESTEasy Reactive a
 * batch request's body reached its worker thread piece by piece and its answer went back the same
 * way, each piece a hand-off between threads; with the framework around it, a node spent 2.4-3 ms of
 * CPU per request (docs/benchmarks.md, session 16). The store calls and the checks are the
 * resource's own ({@link BatchUpload}, {@link BatchRead}, {@link ChunkResource#checkBatchGet}).
 *
 * <p>Two exceptions to "on a worker". A batch of small chunks, at most {@link #LOOP_WRITE_MAX} bytes, is
 * written on the event loop and, when no fsync is in flight, made durable there too ({@link #batchOnLoop}).
 * And a batch-get whose chunks are all small, together at most
 * {@link #LOOP_READ_MAX} bytes, and among the last {@code NODE_LOOP_READ_WINDOW} bytes the node's log
 * took (so almost surely in the page cache, see {@link ResidentReads}) is read, verified and answered
 * on the event loop: a read of a few KiB from memory, where the hand-off to a worker and back was two
 * thread wake-ups per request on cores shared by every process of the cluster (docs/benchmarks.md,
 * session 32, h36-node). Anything else on that route, and a request whose chunks turn out moved,
 * damaged or missing, goes to the worker exactly as before.
 *
 * <p>Only the plain case takes this route: the cluster token is right, the body is at most
 * {@link #BUFFERED_MAX} with a Content-Length, and the caller speaks the binary bodies. Anything else
 * (a large or streamed batch, a JSON caller, a missing token) goes on to {@link ChunkResource}
 * untouched, so its answers and limits stay exactly the resource's.
 */
@ApplicationScoped
public class BatchRoute {
    /** A body up to this is read whole before the work starts; larger ones stream through the resource. */
    static final long BUFFERED_MAX = 1 << 20;
    /** A batch-get answer is sent in one write up to this; beyond it, in pieces of this size, each awaited. */
    static final int REPLY_PIECE = 256 << 10;
    /**
     * A batch-get read on the event loop holds at most this many bytes of records: its read, CRC32C and
     * copy take tens of µs from the page cache, about what the hand-off to a worker cost; beyond it, the
     * loop (and every request on it) would wait longer than the hand-off saves.
     */
    static final int LOOP_READ_MAX = 64 << 10;
    /**
     * A batch up to this many bytes is checked and appended on the event loop ({@link #batchOnLoop}):
     * its SHA-256s and CRC32Cs and the copy into the log take tens of µs, as a read of {@link #LOOP_READ_MAX} does.
     */
    static final int LOOP_WRITE_MAX = 64 << 10;

    private final DiskChunkStore store;
    private final NodeConfig.Node config;
    /** NODE_BATCH_MAX_BYTES, read once: the config's MemorySize converts through a BigInteger on every call. */
    private final long batchMaxBytes;
    private final BearerToken token;
    private final ObjectMapper json;
    /** Requests this route answered (not passed on): tests check that the path they mean to cover was the one taken. */
    private final LongAdder taken = new LongAdder();
    /** Batch-gets read and answered on the event loop: tests check which path a request took. */
    private final LongAdder onLoop = new LongAdder();
    /** Batch writes taken and not yet answered: a batch that arrives while another is open goes to a worker. */
    private final AtomicInteger batchesOpen = new AtomicInteger();
    /** Batches made durable and answered on the event loop: tests check which path a request took. */
    private final LongAdder writtenOnLoop = new LongAdder();
    private final ResidentReads resident;

    BatchRoute(DiskChunkStore store, NodeConfig.Node config, NodeConfig.Cluster cluster, ObjectMapper json) {
        this.store = store;
        this.config = config;
        this.batchMaxBytes = config.batchMaxBytes().asLongValue();
        this.token = new BearerToken(cluster.token());
        this.json = json;
        this.resident = new ResidentReads(config.loopReadWindow().asLongValue(), LOOP_READ_MAX);
    }

    /**
     * Serves a request of one of the four batch routes, or passes it on ({@code context.next()}) to
     * the router's handlers and the resource. {@link FrontRoute} calls this with the route it already
     * knows, so these requests skip the router's walk over every route registered ahead of this one.
     */
    void handle(NodeRoute route, RoutingContext context) {
        switch (route) {
            case BATCH -> batch(context);
            case BATCH_GET -> batchGet(context);
            case EXISTS -> exists(context);
            case VERIFY_BATCH -> verify(context);
            default -> context.next();
        }
    }

    private void batch(RoutingContext context) {
        HttpServerRequest request = context.request();
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (!plain(request) || accept == null || !accept.contains(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE)) {
            context.next();
            return;
        }
        long length = Long.parseLong(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        taken.increment();
        boolean alone = batchesOpen.getAndIncrement() == 0; // closed (decremented) once its answer or failure is decided
        Future<Buffer> body = body(request).onFailure(failure -> {
            batchesOpen.decrementAndGet();
            context.fail(failure);
        });
        if (alone && length <= LOOP_WRITE_MAX && length <= store.limits().smallChunkMax()) {
            body.onSuccess(bytes -> batchOnLoop(context, bytes, length));
        } else {
            body.onSuccess(bytes -> work(context, closing(() -> outcomes(BatchUpload.store(store,
                    new ByteBufInputStream(bytes.getByteBuf()), length, batchMaxBytes, config.batchMaxCount())))));
        }
    }

    /** {@code step}, closing its batch ({@link #batchesOpen}) once it has its answer or failed, before either is sent. */
    private Callable<Answer> closing(Callable<Answer> step) {
        return () -> {
            try {
                return step.call();
            } finally {
                batchesOpen.decrementAndGet();
            }
        };
    }

    /**
     * A batch of small chunks, at most {@link #LOOP_WRITE_MAX} bytes, that arrived while no other batch
     * was open: checked and appended on the event loop and, when no fsync is in flight, made durable by
     * one this loop runs itself; when one is (a single PUT's, say), only the wait for it goes to a
     * worker. Why: a lone small batch was handed to a worker and its answer back to the loop, two thread
     * wake-ups per request on cores every process of the cluster shares, around an fsync of a few
     * hundred µs that the loop can run as well; a gateway keeps one batch open per node
     * ({@code GATEWAY_NODE_BATCH_MAX_IN_FLIGHT}), so most batches arrive alone. The loop is then held by
     * one fsync at most (and, once a segment fills, the seal of it and the start of the next). Batches
     * that arrive together go to workers as before, so that they share fsyncs: a loop held by an fsync
     * would keep the batches behind it on its connections out of the next one.
     */
    private void batchOnLoop(RoutingContext context, Buffer body, long length) {
        BatchWrite batch;
        Optional<List<BatchWrite.Outcome>> done;
        try {
            batch = BatchUpload.write(store, new ByteBufInputStream(body.getByteBuf()), length, batchMaxBytes, config.batchMaxCount());
            done = batch.commitUnlessSyncing();
        } catch (RuntimeException e) {
            batchesOpen.decrementAndGet();
            fail(context, e);
            return;
        }
        if (done.isPresent()) {
            batchesOpen.decrementAndGet();
            writtenOnLoop.increment();
            send(context, outcomes(done.get()));
        } else {
            work(context, closing(() -> outcomes(batch.commit())));
        }
    }

    private static Answer outcomes(List<BatchWrite.Outcome> outcomes) {
        return new Answer(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE, Buffer.buffer(BatchUpload.binary(outcomes)));
    }

    private void batchGet(RoutingContext context) {
        withIds(context, this::batchGetOnLoop, (listed, response) -> {
            List<String> ids = ChunkResource.checkBatchGet(listed, config.batchMaxCount());
            Reply reply = new Reply(response, ChunkApi.BATCH_GET_MEDIA_TYPE);
            BatchRead.write(store, ids, reply);
            return reply.finish(); // only once every frame is written: a reply cut short must not end as if complete
        });
    }

    /**
     * A batch-get's answer when its chunks can be read on the event loop ({@link DiskChunkStore#readResident});
     * null sends it to the worker. Held whole, never streamed: the loop must not wait for a piece to be
     * written, and {@link #LOOP_READ_MAX} plus the frames (at most NODE_BATCH_MAX_COUNT of them) is small.
     */
    private Answer batchGetOnLoop(List<String> listed, HttpServerResponse response) throws IOException {
        List<String> ids = ChunkResource.checkBatchGet(listed, config.batchMaxCount());
        Optional<List<VerifiedChunk>> chunks = store.readResident(ids, resident);
        if (chunks.isEmpty()) {
            return null;
        }
        Held reply = new Held();
        BatchRead.write(ids, chunks.get(), reply);
        onLoop.increment();
        return new Answer(ChunkApi.BATCH_GET_MEDIA_TYPE, reply.buffer);
    }

    /**
     * The healer's audit: the ids one per line in, the present ones one per line out (the resource's JSON
     * otherwise). Always on a worker, though its look-ups touch no disk when the chunks are small: a
     * request carries up to HEALER_EXISTS_BATCH (1,000) ids, a few hundred µs of look-ups that would hold
     * an event loop and the reads queued behind it, to save two wake-ups per thousand ids of a paced
     * background audit.
     */
    private void exists(RoutingContext context) {
        withIds(context, null, (listed, response) -> new Answer(ChunkApi.CHUNK_IDS_MEDIA_TYPE,
                Buffer.buffer(ChunkOutcomeFraming.encodeIds(List.copyOf(store.exists(ChunkResource.checkExists(listed)))))));
    }

    /**
     * The healer's scrub: the ids one per line in, a verdict per id out ({@link BatchVerify}). This route
     * only: the resource has no batched verify, so a request it does not take is a 405 there, which
     * the client reads as a node that predates the route.
     */
    private void verify(RoutingContext context) {
        withIds(context, null, (listed, response) -> new Answer(ChunkApi.CHUNK_VERDICTS_MEDIA_TYPE, Buffer.buffer(BatchVerify.answer(store, listed))));
    }

    /**
     * What a route does with the ids of a request: the answer to send, or null. On a worker thread, null
     * means it sent the answer already (a long batch-get reply, piece by piece); on the event loop, that
     * the request goes on to the worker.
     */
    @FunctionalInterface
    private interface IdsStep {
        Answer run(List<String> ids, HttpServerResponse response) throws Exception;
    }

    /**
     * Takes a plain request whose body lists chunk ids one per line ({@link ChunkApi#CHUNK_IDS_MEDIA_TYPE}):
     * the body read whole, then {@code onLoop} with its ids on the event loop when there is one, and
     * {@code step} on a worker unless {@code onLoop} answered (a failure there is the request's problem,
     * as on the worker); any other request passes on to the resource.
     */
    private void withIds(RoutingContext context, IdsStep onLoop, IdsStep step) {
        HttpServerRequest request = context.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (!plain(request) || type == null || !type.startsWith(ChunkApi.CHUNK_IDS_MEDIA_TYPE)) {
            context.next();
            return;
        }
        taken.increment();
        if (onLoop == null) {
            body(request).onSuccess(body -> work(context, () -> step.run(ChunkOutcomeFraming.decodeIds(body.getBytes()), context.response())))
                    .onFailure(context::fail);
            return;
        }
        body(request).onSuccess(body -> {
            List<String> ids;
            Answer answer;
            try {
                ids = ChunkOutcomeFraming.decodeIds(body.getBytes());
                answer = onLoop.run(ids, context.response());
            } catch (Exception e) {
                fail(context, e);
                return;
            }
            if (answer != null) {
                send(context, answer);
            } else {
                work(context, () -> step.run(ids, context.response()));
            }
        }).onFailure(context::fail);
    }

    /** An answer of one piece, sent by the event loop once the worker is done. */
    private record Answer(String contentType, Buffer body) {
    }

    /** The whole body; the router hands requests over paused (for whichever handler reads them), so this one resumes it. */
    private static Future<Buffer> body(HttpServerRequest request) {
        Future<Buffer> body = request.body();
        request.resume();
        return body;
    }

    long taken() {
        return taken.sum();
    }

    long answeredOnLoop() {
        return onLoop.sum();
    }

    long writtenOnLoop() {
        return writtenOnLoop.sum();
    }

    int batchesOpen() {
        return batchesOpen.get();
    }

    /** The right token, and a body small enough to hold, of a declared length. */
    private boolean plain(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !token.admits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            return false;
        }
        try {
            long n = Long.parseLong(length);
            return n >= 0 && n <= BUFFERED_MAX;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Runs {@code step} on a worker thread (the store blocks: file writes, the wait for the fsync) and
     * sends its answer from the event loop, where the worker's completion lands anyway: one hand-off
     * back per request instead of two (the answer written from the worker was a second wake-up of the
     * event loop). A failure before the answer started becomes its problem+json; one after it cuts
     * the connection, so the caller sees a reply that breaks off, never a complete wrong one.
     */
    private void work(RoutingContext context, Callable<Answer> step) {
        context.vertx().executeBlocking(step, false).onSuccess(answer -> {
            if (answer != null) {
                send(context, answer);
            }
        }).onFailure(failure -> fail(context, failure));
    }

    private static void send(RoutingContext context, Answer answer) {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType()).end(answer.body());
    }

    /** A failure before the answer started is its problem+json; one after it cuts the connection. */
    private void fail(RoutingContext context, Throwable failure) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        Problem problem = ProblemMapper.classify(failure);
        try {
            response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, ChunkApi.PROBLEM_JSON)
                    .end(Buffer.buffer(json.writeValueAsBytes(problem)));
        } catch (IOException e) {
            context.fail(e);
        }
    }

    /** A reply held whole in one buffer (the event loop's: nothing is written until it is complete). */
    private static final class Held extends OutputStream {
        private final Buffer buffer = Buffer.buffer(4096);

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.appendBytes(b, off, len);
        }
    }

    /**
     * The batch-get reply as it is written: held until {@link #REPLY_PIECE}, so a small reply is one
     * answer with its Content-Length, sent from the event loop; a larger one goes out chunked, a piece
     * at a time, each written before the next is read (so the reply holds one piece, whatever it carries).
     */
    private static final class Reply extends OutputStream {
        private final HttpServerResponse response;
        private final String contentType;
        private Buffer held = Buffer.buffer(4096);
        private boolean streaming;

        Reply(HttpServerResponse response, String contentType) {
            this.response = response;
            this.contentType = contentType;
        }

        @Override
        public void write(int b) throws IOException {
            held.appendByte((byte) b);
            sendIfFull();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            held.appendBytes(b, off, len);
            sendIfFull();
        }

        private void sendIfFull() throws IOException {
            if (held.length() < REPLY_PIECE) {
                return;
            }
            if (!streaming) {
                response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
                streaming = true;
            }
            Buffer piece = held;
            held = Buffer.buffer(REPLY_PIECE);
            await(response.write(piece));
        }

        /** The whole reply as one answer when it stayed small; else its last piece sent, and null. */
        Answer finish() throws IOException {
            if (!streaming) {
                return new Answer(contentType, held);
            }
            await(response.end(held));
            return null;
        }

        private static void await(Future<Void> written) throws IOException {
            try {
                written.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending the reply", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the reply could not be sent: " + e.getMessage(), e);
            }
        }
    }
}
