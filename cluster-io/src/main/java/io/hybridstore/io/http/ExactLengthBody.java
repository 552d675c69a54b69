package io.hybridstore.io.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected straight into one array of its Content-Length. The JDK's
 * {@code BodyHandlers.ofByteArray} keeps every received buffer, then copies them all into a new
 * array at the end: for a 1 MiB shard, 64 buffers kept alive and one more copy of every byte.
 * Without a usable Content-Length it is the JDK's handler.
 */
final class ExactLengthBody implements BodySubscriber<byte[]> {

    /** Arrays above this are not allocated on a header's word; such a body goes through the JDK's collector. */
    private static final long MAX = 256L << 20;

    static HttpResponse.BodyHandler<byte[]> handler() {
        return info -> {
            long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return length >= 0 && length <= MAX ? new ExactLengthBody((int) length) : BodySubscribers.ofByteArray();
        };
    }

    private final byte[] bytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private int filled;
    private Flow.Subscription subscription;

    private ExactLengthBody(int length) {
        this.bytes = new byte[length];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if (n > bytes.length - filled) {
                subscription.cancel();
                result.completeExceptionally(new IOException("body longer than its Content-Length " + bytes.length));
                return;
            }
            item.get(bytes, filled, n);
            filled += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (filled != bytes.length) {
            result.completeExceptionally(new IOException("body of " + filled + " bytes, Content-Length said " + bytes.length));
        } else {
            result.complete(bytes);
        }
    }
}
