package io.hybridstore.io.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.JsonBuffers;
import java.io.IOException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The one place where a storage node's HTTP answers and transport failures become {@link ErrorCode}s.
 * The problem {@code type} decides when present (a node always sends one); the status decides
 * otherwise (a proxy or a crashed handler may answer without it).
 */
final class HttpErrors {
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private HttpErrors() {
    }

    static StoreException fromResponse(String what, int status, byte[] body) {
        Optional<ChunkApi.Problem> problem = parseProblem(body);
        ErrorCode code = problem.flatMap(p -> byType(p.type())).orElseGet(() -> byStatus(status));
        String detail = problem.map(ChunkApi.Problem::detail).filter(d -> d != null && !d.isBlank()).orElse("HTTP " + status);
        if (code == ErrorCode.UNAUTHORIZED) {
            // The node refused *our* cluster token: a misconfiguration of this process, not the
            // caller's fault, so it must never reach a client as its own 401.
            return new StoreException(ErrorCode.INTERNAL, what + ": the node refused this process's cluster token"
                    + " (CLUSTER_TOKEN differs between it and the node): " + detail);
        }
        return new StoreException(code, what + ": " + detail);
    }

    static StoreException fromFailure(String what, Exception e) {
        if (e instanceof StoreException store) {
            return store;
        }
        // Vert.x fails a request without answer data within its timeout with a TimeoutException, and a
        // connect attempt past the connect timeout with Netty's ConnectTimeoutException.
        if (e instanceof TimeoutException || e instanceof ConnectTimeoutException) {
            return new StoreException(ErrorCode.TIMEOUT, what + " timed out: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreException(ErrorCode.UNAVAILABLE, what + " interrupted", e);
        }
        // A refused connection, a reset, or Vert.x's "connection was closed" (a VertxException).
        if (e instanceof ConnectException || e instanceof IOException || e instanceof VertxException) {
            return new StoreException(ErrorCode.UNAVAILABLE, what + " failed: " + e, e);
        }
        return new StoreException(ErrorCode.INTERNAL, what + " failed: " + e, e);
    }

    /** For statuses without a problem body (HEAD answers, proxies). */
    static ErrorCode byStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401, 403 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            // A node answers a corrupt chunk with 502; without a problem body, 502 is more likely a proxy.
            case 502, 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            case 507 -> ErrorCode.INSUFFICIENT_STORAGE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }

    private static Optional<ErrorCode> byType(String type) {
        return Arrays.stream(ErrorCode.values()).filter(c -> c.typeUri().equals(type)).findFirst();
    }

    private static Optional<ChunkApi.Problem> parseProblem(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(body, ChunkApi.Problem.class));
        } catch (IOException notAProblem) {
            return Optional.empty();
        }
    }
}
