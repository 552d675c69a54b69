package io.hybridstore.chaos;

import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.split.CanonicalJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's HTTP API as the chaos clients use it: HTTP/1.1, a connect timeout and a bound on
 * every request, and each answer classified once into what the client may conclude from it.
 *
 * <p>The JDK client never retries a POST on its own (jdk.httpclient.enableAllMethodRetry is off),
 * so a failure to connect means this attempt's request was never sent.
 */
final class GatewayHttp {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final URI base;
    private final String clusterToken;
    private final Duration writeTimeout;
    private final Duration readTimeout;

    /**
     * @param writeTimeout well above the gateway's own bound on a write (WAL ack, node and etcd
     *                     timeouts), so that a client timeout means a stuck gateway, not a slow answer
     */
    GatewayHttp(URI base, String clusterToken, Duration writeTimeout, Duration readTimeout) {
        this.base = base;
        this.clusterToken = clusterToken;
        this.writeTimeout = writeTimeout;
        this.readTimeout = readTimeout;
    }

    /** How a write attempt ended for the client. */
    record WriteAnswer(Outcome outcome, String kind, Version version, boolean mayOutliveClient) {
    }

    WriteAnswer write(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/write")).timeout(writeTimeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status == 200 || status == 202) {
                // Without its version an acknowledgment cannot be checked: counted as unknown, under its own kind.
                return etag(response).map(v -> new WriteAnswer(Outcome.ACKED, Integer.toString(status), v, false))
                        .orElse(new WriteAnswer(Outcome.UNKNOWN, status + "-without-etag", null, false));
            }
            Outcome outcome = status >= 400 && status < 500 ? Outcome.REJECTED : Outcome.UNKNOWN;
            return new WriteAnswer(outcome, Integer.toString(status), null, false);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new WriteAnswer(Outcome.REJECTED, Attempt.REFUSED, null, false);
        } catch (HttpTimeoutException e) {
            return new WriteAnswer(Outcome.UNKNOWN, "timeout", null, true);
        } catch (IOException e) {
            // Reset or closed mid-request: the gateway died (or dropped the connection) with the request in hand.
            return new WriteAnswer(Outcome.UNKNOWN, "io-error", null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WriteAnswer(Outcome.UNKNOWN, "interrupted", null, true);
        }
    }

    /** A read: the status (-1 without an answer), and for a 200 the ETag and the document's digest. */
    record ReadAnswer(int status, Version version, String digest) {
        Optional<Observation> observation() {
            return switch (status) {
                case 200 -> Optional.of(Observation.found(version, digest));
                case 404 -> Optional.of(Observation.notFound());
                default -> Optional.empty();
            };
        }
    }

    ReadAnswer read(String key) {
        Optional<HttpResponse<String>> response = get(HttpRequest.newBuilder(base.resolve("/read/" + path(key))));
        if (response.isEmpty()) {
            return new ReadAnswer(-1, null, null);
        }
        HttpResponse<String> r = response.get();
        if (r.statusCode() != 200) {
            return new ReadAnswer(r.statusCode(), null, null);
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        String digest;
        try {
            digest = Documents.digest(CanonicalJson.parse(body));
        } catch (RuntimeException notJson) {
            digest = "not JSON: " + CanonicalJson.sha256Hex(body); // matches no attempt: the checker calls it corrupt
        }
        return new ReadAnswer(200, etag(r).orElse(null), digest);
    }

    /** {@code GET /admin/objects/{key}} (with the cluster token): the status (-1 without an answer) and, for a 200, the metadata. */
    record MetadataAnswer(int status, ObjectMetadata metadata) {
    }

    MetadataAnswer metadata(String key) {
        return get(HttpRequest.newBuilder(base.resolve("/admin/objects/" + path(key))).header("Authorization", "Bearer " + clusterToken))
                .map(r -> new MetadataAnswer(r.statusCode(), r.statusCode() == 200
                        ? ModelJson.fromBytes(r.body().getBytes(StandardCharsets.UTF_8), ObjectMetadata.class) : null))
                .orElse(new MetadataAnswer(-1, null));
    }

    private Optional<HttpResponse<String>> get(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(readTimeout).GET().build();
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Version> etag(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("ETag").map(t -> Version.parse(t.replace("\"", "")));
        } catch (IllegalArgumentException notAVersion) {
            return Optional.empty();
        }
    }

    private static String path(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
