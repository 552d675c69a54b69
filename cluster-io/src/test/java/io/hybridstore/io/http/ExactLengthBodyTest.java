package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The response body collected into one array of its Content-Length: exactly that many bytes, or an error. */
class ExactLengthBodyTest {

    private static BodySubscriber<byte[]> subscriber(String contentLength) {
        HttpHeaders headers = HttpHeaders.of(contentLength == null ? Map.of() : Map.of("Content-Length", List.of(contentLength)),
                (a, b) -> true);
        BodySubscriber<byte[]> body = ExactLengthBody.handler().apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        return body;
    }

    private static List<ByteBuffer> pieces(byte[] data, int... cuts) {
        List<ByteBuffer> out = new java.util.ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(ByteBuffer.wrap(data, from, cut - from));
            from = cut;
        }
        out.add(ByteBuffer.wrap(data, from, data.length - from));
        return out;
    }

    @Test
    void collectsEveryPieceInOrder() throws Exception {
        byte[] data = new byte[100_000];
        new java.util.Random(1).nextBytes(data);
        BodySubscriber<byte[]> body = subscriber("100000");
        List<ByteBuffer> all = pieces(data, 1, 16_384, 50_000);
        body.onNext(all.subList(0, 2));
        body.onNext(all.subList(2, 4));
        body.onComplete();
        assertArrayEquals(data, body.getBody().toCompletableFuture().get());
    }

    @Test
    void aBodyShorterOrLongerThanItsContentLengthIsAnError() {
        BodySubscriber<byte[]> shorter = subscriber("10");
        shorter.onNext(List.of(ByteBuffer.wrap(new byte[9])));
        shorter.onComplete();
        ExecutionException e = assertThrows(ExecutionException.class, () -> shorter.getBody().toCompletableFuture().get());
        assertInstanceOf(IOException.class, e.getCause());

        BodySubscriber<byte[]> longer = subscriber("10");
        longer.onNext(List.of(ByteBuffer.wrap(new byte[6]), ByteBuffer.wrap(new byte[6])));
        e = assertThrows(ExecutionException.class, () -> longer.getBody().toCompletableFuture().get());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void withoutAContentLengthTheJdkCollectorTakesOver() throws Exception {
        BodySubscriber<byte[]> body = subscriber(null);
        body.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})));
        body.onComplete();
        assertArrayEquals(new byte[] {1, 2, 3}, body.getBody().toCompletableFuture().get());
    }
}
