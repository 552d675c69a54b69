package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The zero-copy request body: every byte once, in order, only against demand, completed once. */
class ByteArrayBodyTest {

    /** Records what it is sent; asks for {@code perSignal} more from inside onNext, as the HTTP client may. */
    private static class Recorder implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();
        final long perSignal;
        final int cancelAfter;
        Flow.Subscription subscription;
        int completions;
        Throwable error;

        Recorder(long perSignal, int cancelAfter) {
            this.perSignal = perSignal;
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(perSignal);
        }

        @Override
        public void onNext(ByteBuffer item) {
            sizes.add(item.remaining());
            byte[] copy = new byte[item.remaining()];
            item.get(copy);
            bytes.writeBytes(copy);
            if (sizes.size() == cancelAfter) {
                subscription.cancel();
            } else if (perSignal != Long.MAX_VALUE) {
                subscription.request(perSignal); // re-entrant
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            completions++;
        }
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void everyByteOnceInSlicesWhateverTheDemand() {
        int cases = 0;
        for (int size : new int[] {1, ByteArrayBody.SLICE - 1, ByteArrayBody.SLICE, 4 * ByteArrayBody.SLICE + 7}) {
            for (long demand : new long[] {1, 3, Long.MAX_VALUE}) {
                byte[] data = data(size);
                Recorder r = new Recorder(demand, -1);
                new ByteArrayBody(data).subscribe(r);
                assertArrayEquals(data, r.bytes.toByteArray(), size + " bytes, demand " + demand);
                assertEquals(1, r.completions);
                assertEquals((size + ByteArrayBody.SLICE - 1) / ByteArrayBody.SLICE, r.sizes.size());
                assertTrue(r.sizes.stream().allMatch(n -> n > 0 && n <= ByteArrayBody.SLICE));
                cases++;
            }
        }
        assertEquals(12, cases);
    }

    @Test
    void nothingIsSentWithoutDemandAndNothingAfterCancel() {
        byte[] data = data(3 * ByteArrayBody.SLICE);
        Recorder idle = new Recorder(0, -1) {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s; // asks for nothing
            }
        };
        new ByteArrayBody(data).subscribe(idle);
        assertEquals(0, idle.sizes.size());
        idle.subscription.request(1);
        assertEquals(1, idle.sizes.size(), "one slice per unit of demand");

        Recorder cancelling = new Recorder(1, 2);
        new ByteArrayBody(data).subscribe(cancelling);
        assertEquals(2, cancelling.sizes.size());
        assertEquals(0, cancelling.completions);
    }

    @Test
    void aNonPositiveRequestIsAnError() {
        Recorder bad = new Recorder(0, -1);
        new ByteArrayBody(data(10)).subscribe(bad);
        assertInstanceOf(IllegalArgumentException.class, bad.error);
        assertEquals(0, bad.sizes.size());
    }

    @Test
    void slicesShareTheArrayRatherThanCopyIt() {
        byte[] data = data(ByteArrayBody.SLICE + 1);
        List<ByteBuffer> seen = new ArrayList<>();
        new ByteArrayBody(data).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                seen.add(item);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertEquals(2, seen.size());
        assertTrue(seen.stream().allMatch(b -> b.hasArray() && b.array() == data), "a view of the caller's array");
        assertEquals(ByteArrayBody.SLICE, seen.get(1).arrayOffset());
    }
}
