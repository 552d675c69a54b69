package io.hybridstore.e2e.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.split.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The gateway's HTTP API as a test sees it (JDK client, exact-number JSON). */
final class GatewayClient {

    static final ObjectMapper JSON = CanonicalJson.mapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;
    private final String clusterToken;

    /** @param clusterToken for the admin API ({@code /admin/*} needs {@code Authorization: Bearer $CLUSTER_TOKEN}) */
    GatewayClient(URI base, String clusterToken) {
        this.base = base;
        this.clusterToken = clusterToken;
    }

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }
    }

    Answer write(String key, ObjectNode value) {
        ObjectNode request = JSON.createObjectNode();
        request.put("key", key);
        request.set("value", value);
        try {
            return post(JSON.writeValueAsString(request));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Answer post(String body) {
        return send(HttpRequest.newBuilder(base.resolve("/write"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer read(String key) {
        return send(HttpRequest.newBuilder(base.resolve("/read/" + path(key))).GET());
    }

    Answer admin(String key) {
        return send(HttpRequest.newBuilder(base.resolve("/admin/objects/" + path(key)))
                .header("Authorization", "Bearer " + clusterToken).GET());
    }

    Answer delete(String key) {
        return send(HttpRequest.newBuilder(base.resolve("/objects/" + path(key))).DELETE());
    }

    /** Any request; {@code admin} adds the cluster token. A null body sends none. */
    Answer send(String method, String path, String body, boolean admin, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (admin) {
            request.header("Authorization", "Bearer " + clusterToken);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Answer patch(String key, String ifMatch, String body) {
        return ifMatch == null ? send("PATCH", "/objects/" + path(key), body, false)
                : send("PATCH", "/objects/" + path(key), body, false, "If-Match", "\"" + ifMatch + "\"");
    }

    static String path(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static ObjectNode doc(String json) {
        return (ObjectNode) CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            return new Answer(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
