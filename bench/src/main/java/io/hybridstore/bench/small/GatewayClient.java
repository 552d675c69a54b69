package io.hybridstore.bench.small;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.http.ContentType;

/**
 * One benchmark client of the gateway: its own keep-alive HTTP/1.1 connection ({@link BenchHttp}),
 * a new key per write, reads of keys acknowledged before. 200 and 202 are successes (202: stored,
 * some copies pending or failed); any other status, a timeout or an I/O error is a failure under
 * that name.
 */
final class GatewayClient {
    /** Above the gateway's own bounds on a write (WAL ack 5 s, node and etcd timeouts). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final BenchHttp http = new BenchHttp(REQUEST_TIMEOUT);
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
        return Operation.closing(http, this::write);
    }

    Operation reads() {
        return Operation.closing(http, this::read);
    }

    /** {@code readPercent} of the requests read, the rest write. */
    Operation mixed(int readPercent) {
        return Operation.closing(http, () -> random.nextInt(100) < readPercent ? read() : write());
    }

    Operation.Outcome write() {
        String key = keyPrefix + "-" + SEQUENCE.incrementAndGet();
        Operation.Outcome outcome = put(key);
        if (outcome.failure() == null) {
            written.add(key);
        }
        return outcome;
    }

    /**
     * A new document under a key acknowledged before: the write path with the key's record read
     * beside the WAL append. The old version's chunks are left to the healers' GC, after its grace.
     */
    Operation.Outcome overwrite() {
        String key = written.any(random);
        return key == null ? Operation.Outcome.failed("no-key-yet") : put(key);
    }

    /** {@code readPercent} of the requests read, the rest write new documents under keys written before. */
    Operation mixedOverwrites(int readPercent) {
        return mixed(readPercent, () -> false);
    }

    /**
     * {@code readPercent} of the requests read; the rest write under a new key while {@code newKeys} says so, and over a
     * key written before otherwise (asked at each write, so a run can switch from one to the other).
     */
    Operation mixed(int readPercent, BooleanSupplier newKeys) {
        return Operation.closing(http, () -> random.nextInt(100) < readPercent ? read() : newKeys.getAsBoolean() ? write() : overwrite());
    }

    private Operation.Outcome put(String key) {
        return outcome(() -> http.post(gateway.resolve("/write"), documents.writeBody(key, random), ContentType.APPLICATION_JSON, Map.of()))
                .of(Operation.Outcome.WRITE);
    }

    Operation.Outcome read() {
        String key = written.any(random);
        if (key == null) {
            return Operation.Outcome.failed("no-key-yet");
        }
        String path = "/read/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        return outcome(() -> http.get(gateway.resolve(path), Map.of())).of(Operation.Outcome.READ);
    }

    /** A request that may fail with an I/O error. */
    @FunctionalInterface
    private interface Request {
        BenchHttp.Response send() throws IOException;
    }

    private static Operation.Outcome outcome(Request request) {
        try {
            BenchHttp.Response response = request.send();
            return response.status() == 200 || response.status() == 202
                    ? Operation.Outcome.ok(response.serverTiming())
                    : Operation.Outcome.failed(Integer.toString(response.status()));
        } catch (BenchHttp.TimedOut e) {
            return Operation.Outcome.failed("timeout");
        } catch (IOException e) {
            return Operation.Outcome.failed("io-error");
        }
    }
}
