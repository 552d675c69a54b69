package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster's access key: made through the admin endpoint, kept, reused while the gateway lists it. */
class LocalAccessKeyTest {

    /** A stand-in for the gateway's /admin/access-keys that requires the cluster token. */
    private static HttpServer gateway(List<String> listed, AtomicInteger created, boolean endpointExists) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/access-keys", exchange -> {
            try (exchange) {
                if (!endpointExists) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (!"Bearer token-1".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                String body;
                int status;
                if (exchange.getRequestMethod().equals("POST")) {
                    String id = "HSLOCAL" + "0".repeat(12) + created.incrementAndGet();
                    listed.add(id);
                    body = "{\"id\":\"" + id + "\",\"owner\":\"local\",\"createdAt\":1,\"secret\":\"ab+/cd" + created.get() + "\"}";
                    status = 201;
                } else {
                    body = "[" + String.join(",", listed.stream().map(i -> "{\"id\":\"" + i + "\"}").toList()) + "]";
                    status = 200;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        return server;
    }

    @Test
    void createdOnceKeptAndReusedWhileListed(@TempDir Path dir) throws Exception {
        List<String> listed = new ArrayList<>();
        AtomicInteger created = new AtomicInteger();
        HttpServer server = gateway(listed, created, true);
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            LocalAccessKey first = LocalAccessKey.ensure(dir, url, "token-1").orElseThrow();
            assertEquals("ab+/cd1", first.secret());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LocalAccessKey.FILE))));
            assertFalse(first.toString().contains(first.secret()));
            assertEquals(first, LocalAccessKey.ensure(dir, url, "token-1").orElseThrow(), "reused while listed");
            assertEquals(1, created.get());

            listed.clear(); // etcd wiped, or the key revoked
            LocalAccessKey second = LocalAccessKey.ensure(dir, url, "token-1").orElseThrow();
            assertNotEquals(first.id(), second.id());
            assertEquals(2, created.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anOlderGatewayWithoutKeysGivesNone(@TempDir Path dir) throws Exception {
        HttpServer server = gateway(new ArrayList<>(), new AtomicInteger(), false);
        try {
            assertEquals(Optional.empty(), LocalAccessKey.ensure(dir, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token-1"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void clusterEnvCarriesSecretsUnquoted() {
        String env = ClusterEnv.render(Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        assertTrue(env.contains("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n"), env);
    }
}
