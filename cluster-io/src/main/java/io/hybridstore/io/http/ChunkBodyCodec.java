package io.hybridstore.io.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's body as one array of exactly its length, for {@link HttpChunkStore#get}. The pieces
 * are kept as they arrive (each is already Vert.x's own copy of what the socket read) and copied
 * once, into that array, when the answer ends. The Web Client's {@code BodyCodec.buffer()} appended
 * every piece into a buffer that grew by doubling, which the store then copied again into the
 * caller's array: for a 1 MiB shard of a blob download about 4 MiB allocated, against about 2 here
 * (docs/benchmarks.md, issue 16).
 *
 * <p>Why a codec rather than the core client's own body handler: the Web Client attaches it to the
 * response it has paused, on the response's own context, so a small answer that has fully arrived
 * before any callback of the caller runs loses nothing. (Session 17 attached a handler to the core
 * client's response in a future callback after a context hop; a small answer had then ended, and
 * Vert.x threw {@code IllegalStateException} from {@code checkEnded}.)
 */
final class ChunkBodyCodec implements BodyCodec<byte[]> {

    static final ChunkBodyCodec INSTANCE = new ChunkBodyCodec();

    /** The longest body one array holds. */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private ChunkBodyCodec() {
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<byte[]>>> handler) {
        handler.handle(Future.succeededFuture(new Pieces()));
    }

    /** The pieces of one answer; written on its event loop, joined once at its end. */
    static final class Pieces implements BodyStream<byte[]> {
        private final List<Buffer> pieces = new ArrayList<>();
        private final Promise<byte[]> result = Promise.promise();
        private long length;

        @Override
        public Future<byte[]> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            pieces.clear();
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer piece) {
            length += piece.length();
            if (length > MAX_LENGTH) {
                handle(new IllegalStateException("a chunk answer longer than " + MAX_LENGTH + " bytes"));
            } else if (!result.future().isComplete()) {
                pieces.add(piece);
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer piece, Handler<AsyncResult<Void>> done) {
            write(piece).onComplete(done);
        }

        @Override
        public void end(Handler<AsyncResult<Void>> done) {
            if (!result.future().isComplete()) {
                result.tryComplete(join());
            }
            if (done != null) {
                done.handle(Future.succeededFuture());
            }
        }

        /** One array of the pieces' bytes, in order; the pieces are let go. */
        private byte[] join() {
            byte[] bytes = new byte[(int) length];
            int at = 0;
            for (Buffer piece : pieces) {
                piece.getBytes(0, piece.length(), bytes, at);
                at += piece.length();
            }
            pieces.clear();
            return bytes;
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
