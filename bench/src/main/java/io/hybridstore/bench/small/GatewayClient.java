package io.hybridstore.bench.small;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark client of the gateway: its own JDK HTTP/1.1 client, so its own keep-alive
 * connection, a new key per write, reads of keys acknowledged before. 200 and 202 are successes
 * (202: stored, some copies pending or failed); any other status, a timeout or an I/O error is a
 * failure under that name.
 */
final class GatewayClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Above the gateway's own bounds on a write (WAL ack 5 s, node and etcd timeouts). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final URI gateway;
    private final Documents documents;
    private final KeyPool written;
    private final String keyPrefix;
    private final SplittableRandom random;

    /** @param keyPrefix names the run, so two runs against one cluster never share keys */
    GatewayClient(URI gateway, Documents documents, KeyPool written, String keyPrefix, long seed) {
        this.gateway = gateway;
        this.documents = documents;
        this.written = written;
        this.keyPrefix = keyPrefix;
        this.random = new SplittableRandom(seed);
    }

    Operation writes() {
        return this::write;
    }

    Operation reads() {
        return this::read;
    }

    /** {@code readPercent} of the requests read, the rest write. */
    Operation mixed(int readPercent) {
        return () -> random.nextInt(100) < readPercent ? read() : write();
    }

    Operation.Outcome write() throws IOException, InterruptedException {
        String key = keyPrefix + "-" + SEQUENCE.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/write")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(documents.writeBody(key, random))).build();
        Operation.Outcome outcome = send(request);
        if (outcome.failure() == null) {
            written.add(key);
        }
        return outcome;
    }

    Operation.Outcome read() throws IOException, InterruptedException {
        String key = written.any(random);
        if (key == null) {
            return Operation.Outcome.failed("no-key-yet");
        }
        String path = "/read/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    private Operation.Outcome send(HttpRequest request) throws IOException, InterruptedException {
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status == 200 || status == 202
                    ? Operation.Outcome.ok(response.headers().firstValue("Server-Timing").orElse(null))
                    : Operation.Outcome.failed(Integer.toString(status));
        } catch (HttpTimeoutException e) {
            return Operation.Outcome.failed("timeout");
        } catch (IOException e) {
            return Operation.Outcome.failed("io-error");
        }
    }
}
