package io.hybridstore.io.http;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body that hands the HTTP client slices of a byte array, without copying it. The JDK's
 * {@code BodyPublishers.ofByteArray} copies every body into fresh 16 KiB buffers before sending:
 * for a blob upload that is 1.5 GiB of extra copies and garbage per GiB, on a path that is
 * CPU-bound. The caller must not change the array until the request has completed.
 *
 * <p>A plain Reactive Streams publisher: slices go out only against demand, one subscriber at a
 * time, and {@code request} may be called re-entrantly from {@code onNext} (the drain loop below
 * serializes the signals).
 */
final class ByteArrayBody implements Flow.Publisher<ByteBuffer> {

    /** Large enough that the client's per-item machinery is rare, small enough that a partial socket write re-copies little. */
    static final int SLICE = 256 * 1024;

    private final byte[] data;

    ByteArrayBody(byte[] data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Slices(subscriber));
    }

    private final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean cancelled;
        private int offset; // only touched inside drain(), which one thread runs at a time
        private boolean done;

        Slices(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                subscriber.onError(new IllegalArgumentException("non-positive request " + n));
                return;
            }
            demand.getAndAccumulate(n, (have, more) -> have + more < 0 ? Long.MAX_VALUE : have + more);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        private void drain() {
            if (work.getAndIncrement() != 0) {
                return; // the thread already draining sees the new demand
            }
            int missed = 1;
            do {
                while (!cancelled && !done && offset < data.length && demand.get() > 0) {
                    int length = Math.min(SLICE, data.length - offset);
                    ByteBuffer slice = ByteBuffer.wrap(data, offset, length).slice();
                    offset += length;
                    demand.decrementAndGet();
                    subscriber.onNext(slice);
                }
                if (!cancelled && !done && offset >= data.length) {
                    done = true;
                    subscriber.onComplete();
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
