package io.hybridstore.cli;

import static io.hybridstore.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.cli.CommandLineTest.Run;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hybridstore keys} against a fake gateway that answers {@code /admin/access-keys} as the
 * real one does (201 with the secret on create, a list without secrets, 204/404 on revoke, 401
 * without the cluster token). The end-to-end run is {@code CliEndToEndTest}.
 */
class KeysCommandTest {

    private static final String TOKEN = "cluster-token-1";

    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String gateway;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/access-keys", this::answer);
        server.start();
        gateway = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + body);
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"title\":\"Unauthorized\",\"detail\":\"the cluster token is required\"}");
            return;
        }
        String path = ex.getRequestURI().getPath();
        switch (ex.getRequestMethod()) {
            case "POST" -> {
                String owner = body.isEmpty() ? "admin" : Json.mapper().readTree(body).get("owner").asText();
                String id = "HS" + (owners.size() + 1);
                owners.put(id, owner);
                send(ex, 201, "{\"id\":\"" + id + "\",\"owner\":\"" + owner + "\",\"createdAt\":1700000000000,\"secret\":\"s3cr3t-" + id + "\"}");
            }
            case "GET" -> {
                StringBuilder list = new StringBuilder("[");
                owners.forEach((id, owner) -> list.append(list.length() > 1 ? "," : "")
                        .append("{\"id\":\"").append(id).append("\",\"owner\":\"").append(owner).append("\",\"createdAt\":1700000000000}"));
                send(ex, 200, list.append("]").toString());
            }
            case "DELETE" -> {
                String id = path.substring(path.lastIndexOf('/') + 1);
                if (owners.remove(id) == null) {
                    send(ex, 404, "{\"title\":\"Not Found\",\"detail\":\"no access key " + id + "\"}");
                } else {
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                }
            }
            default -> send(ex, 405, "");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Test
    void aKeyIsCreatedWithItsSecretShownOnceListedWithoutItAndRevoked() throws Exception {
        Run created = run("keys", "create", "--owner", "alice", "--gateway", gateway, "--token", TOKEN);
        assertEquals(ExitCode.OK, created.code(), created.err());
        assertTrue(created.out().contains("id      HS1") && created.out().contains("secret  s3cr3t-HS1"), created.out());
        assertEquals("POST /admin/access-keys {\"owner\":\"alice\"}", requests.get(0));

        Run json = run("keys", "create", "--json", "--gateway", gateway, "--token", TOKEN);
        JsonNode second = Json.mapper().readTree(json.out());
        assertEquals("HS2", second.get("id").asText());
        assertEquals("admin", second.get("owner").asText(), "no --owner: the gateway's default");
        assertEquals("s3cr3t-HS2", second.get("secret").asText());

        Run listed = run("keys", "list", "--gateway", gateway, "--token", TOKEN);
        assertEquals(ExitCode.OK, listed.code());
        assertTrue(listed.out().startsWith("ID"), listed.out());
        assertTrue(listed.out().contains("HS1") && listed.out().contains("alice") && listed.out().contains("2023-11-14T22:13:20Z"),
                listed.out());
        assertFalse(listed.out().contains("s3cr3t"), "a listing never shows a secret");
        JsonNode listedJson = Json.mapper().readTree(run("keys", "list", "--json", "--gateway", gateway, "--token", TOKEN).out());
        assertEquals(2, listedJson.size());
        assertTrue(listedJson.get(0).get("secret").isNull());

        Run revoked = run("keys", "revoke", "HS1", "--gateway", gateway, "--token", TOKEN);
        assertEquals(ExitCode.OK, revoked.code(), revoked.err());
        assertEquals("revoked HS1\n", revoked.out());
        assertEquals(List.of("HS2"), List.copyOf(owners.keySet()));
    }

    @Test
    void failuresExitWithTheirCodes() throws Exception {
        Run gone = run("keys", "revoke", "HS9", "--gateway", gateway, "--token", TOKEN);
        assertEquals(ExitCode.NOT_FOUND, gone.code());
        assertTrue(gone.err().contains("no access key HS9"), gone.err());
        Run goneJson = run("keys", "revoke", "HS9", "--json", "--gateway", gateway, "--token", TOKEN);
        assertEquals(ExitCode.NOT_FOUND, Json.mapper().readTree(goneJson.out()).get("error").get("exitCode").asInt(),
                "--json on the innermost command is honoured: " + goneJson.out());

        Run wrongToken = run("keys", "list", "--gateway", gateway, "--token", "wrong");
        assertEquals(ExitCode.FAILED, wrongToken.code());
        assertTrue(wrongToken.err().contains("401"), wrongToken.err());

        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Run unreachable = run("keys", "list", "--gateway", "http://127.0.0.1:" + port, "--token", TOKEN, "--timeout", "500ms");
        assertEquals(ExitCode.UNREACHABLE, unreachable.code());
        assertEquals(ExitCode.USAGE, run("keys").code(), "no subcommand");
        assertEquals(ExitCode.USAGE, run("keys", "revoke").code(), "ID missing");
    }
}
