package io.hybridstore.gateway.s3;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as a blocking {@link java.io.InputStream}, with back-pressure: the event loop queues what
 * arrives and pauses the request once {@link #HIGH} bytes wait; the reading (virtual) thread resumes
 * it when the queue has drained below half of that. So an upload holds at most about 1 MiB here,
 * however fast the client sends and however slowly the nodes take it.
 *
 * <p>A client that asked {@code Expect: 100-continue} gets its continue when the body is first read,
 * not when the request arrives: a request refused before its body is needed (a bad signature, a bucket
 * that does not exist, a key too long) is answered before the client sends a byte of it, as S3 does,
 * instead of after a multi-GiB body the answer would have to outwait (RFC 9110 section 10.1.1).
 *
 * <p>Built on the event loop (the handlers must be set before the request goes on); read on one
 * other thread.
 */
final class VertxBodyStream extends BlockInputStream {

    static final int HIGH = 1 << 20;

    private final HttpServerRequest request;
    private final Context context;
    private final long idleMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private int position; // in the head buffer
    private boolean paused = true;
    private boolean ended;
    private Throwable failure;
    /** The client waits for a 100 (Continue) before it sends the body, and has not had it yet. */
    private boolean awaitingContinue;

    VertxBodyStream(HttpServerRequest request, Context context, Duration idle) {
        this.request = request;
        this.context = context;
        this.idleMillis = idle.toMillis();
        this.awaitingContinue = request.version() != HttpVersion.HTTP_1_0 && "100-continue".equalsIgnoreCase(request.getHeader("expect"));
        request.pause();
        request.handler(this::onData);
        request.endHandler(v -> signal(() -> ended = true));
        request.exceptionHandler(t -> signal(() -> failure = t));
    }

    /** Whether the whole body has arrived (a response may leave the connection open for the next request). */
    boolean ended() {
        lock.lock();
        try {
            return ended && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the client still waits for a continue (so it has sent no body): an answer now must close
     * the connection, since whether the client will send the body after it is its choice.
     */
    boolean awaitingContinue() {
        lock.lock();
        try {
            return awaitingContinue;
        } finally {
            lock.unlock();
        }
    }

    private void onData(Buffer buffer) {
        lock.lock();
        try {
            queue.add(buffer);
            queued += buffer.length();
            if (queued >= HIGH && !paused) {
                paused = true;
                request.pause();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            if (awaitingContinue) {
                awaitingContinue = false;
                if (!ended) {
                    context.runOnContext(v -> request.response().writeContinue());
                }
            }
            while (queue.isEmpty()) {
                if (failure != null) {
                    throw new IOException("the request body broke off: " + failure.getMessage(), failure);
                }
                if (ended) {
                    return -1;
                }
                resumeIfLow();
                if (!changed.await(idleMillis, TimeUnit.MILLISECONDS) && queue.isEmpty() && !ended && failure == null) {
                    throw new IOException("no request body bytes for " + idleMillis + " ms");
                }
            }
            Buffer head = queue.peek();
            int n = Math.min(len, head.length() - position);
            head.getBytes(position, position + n, b, off);
            position += n;
            queued -= n;
            if (position == head.length()) {
                queue.poll();
                position = 0;
            }
            resumeIfLow();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void resumeIfLow() {
        if (paused && !ended && queued < HIGH / 2) {
            paused = false;
            context.runOnContext(v -> request.resume());
        }
    }
}
