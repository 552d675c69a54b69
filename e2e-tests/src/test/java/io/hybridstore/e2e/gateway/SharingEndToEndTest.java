package io.hybridstore.e2e.gateway;

import static io.hybridstore.e2e.gateway.GatewayClient.doc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.gateway.GatewayClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Labels, access and signed links against real etcd, Kafka and storage nodes (the shared local
 * cluster): a guarded PATCH, a patch replayed after its gateway died, links valid, expired,
 * altered and revoked (documents and blobs), and public versus private.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharingEndToEndTest {

    private static LocalCluster cluster;
    private static GatewayClient gateway;
    private static URI base;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void cluster() {
        cluster = LocalCluster.shared();
        MissingApps.check(!cluster.gatewayNames().isEmpty() && cluster.nodeNames().size() == 8,
                "needs the api-gateway and storage-node jars; the shared cluster runs " + cluster.processNames());
        base = cluster.url(cluster.gatewayNames().get(0));
        gateway = new GatewayClient(base, cluster.clusterToken());
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (gateway.write(key("warm-up"), doc("{\"a\":1}")).status() != 200 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static String key(String name) {
        return RUN + "/" + name;
    }

    private static String write(String name) {
        Answer a = gateway.write(key(name), doc("{\"name\":\"Ada\",\"bio\":\"" + "b".repeat(2000) + "\"}"));
        assertTrue(a.status() == 200 || a.status() == 202, a.body());
        return a.json().get("version").asText();
    }

    private static JsonNode labels(String name) {
        return gateway.admin(key(name)).json().get("labels");
    }

    @Test
    @Order(1)
    void aGuardedPatchAppliesAndAStaleOneIs412() {
        String v1 = write("patched");
        Answer ok = gateway.patch(key("patched"), v1, "{\"tags\":{\"add\":[\"red\",\"big\"]},\"alias\":\"first\"}");
        assertEquals(200, ok.status(), ok.body());
        String v2 = ok.json().get("version").asText();
        assertNotEquals(v1, v2);
        Answer stale = gateway.patch(key("patched"), v1, "{\"tags\":{\"remove\":[\"red\"]}}");
        assertEquals(412, stale.status(), stale.body());
        assertTrue(stale.contentType().startsWith("application/problem+json"));
        assertEquals("\"" + v2 + "\"", gateway.read(key("patched")).raw().headers().firstValue("ETag").orElse(""));
        assertEquals("[\"big\",\"red\"]", labels("patched").get("tags").toString());
        // An overwrite keeps the tags (LabelRules#keptOnOverwrite), a read still returns the document as written.
        write("patched");
        assertEquals("[\"big\",\"red\"]", labels("patched").get("tags").toString());
        assertEquals(404, gateway.patch(key("never-written"), null, "{\"alias\":\"x\"}").status());
        assertEquals(400, gateway.patch(key("patched"), null, "{\"owner\":\"x\"}").status());
        // The other operations: tags replaced whole, a content type; the alias stays as patched before the overwrite.
        Answer set = gateway.patch(key("patched"), null, "{\"tags\":{\"set\":[\"only\"]},\"contentType\":\"text/markdown\"}");
        assertEquals(200, set.status(), set.body());
        assertEquals("[\"only\"]", labels("patched").get("tags").toString());
        assertEquals("text/markdown", labels("patched").get("contentType").asText());
        assertEquals("first", labels("patched").get("alias").asText());
    }

    @Test
    @Order(2)
    void aPatchWhoseGatewayDiedIsAppliedByTheReplay() throws Exception {
        write("replayed-patch");
        try (CrashingGateway crashing = CrashingGateway.start(cluster)) {
            Answer a = crashing.client().patch(key("replayed-patch"), null, "{\"tags\":{\"add\":[\"from-the-log\"]}}");
            assertEquals(-1, a.status(), "the gateway died before answering: " + a.body());
            assertTrue(crashing.awaitExit(Duration.ofSeconds(20)), "halted");
        }
        assertEquals(0, labels("replayed-patch").get("tags").size(), "nothing committed by the dead gateway");
        await(Duration.ofSeconds(90), () -> labels("replayed-patch").get("tags").toString().contains("from-the-log"));
    }

    @Test
    @Order(3)
    void aLinkReadsWithoutCredentialsUntilRevokedAndRefusesAlteredTokens() throws Exception {
        write("linked");
        Answer made = gateway.send("POST", "/objects/" + GatewayClient.path(key("linked")) + "/links", "{\"expiresIn\":\"PT10M\"}", false);
        assertEquals(201, made.status(), made.body());
        String url = made.json().get("url").asText();
        assertEquals(200, get(url, null).statusCode());
        // The signature's second-to-last character (six whole bits of it) changed, whatever it was: the
        // test once looked at the last one and, when the one it changed was already 'A', sent the link unaltered.
        char changed = url.charAt(url.length() - 2);
        String altered = url.substring(0, url.length() - 2) + (changed == 'A' ? 'B' : 'A') + url.charAt(url.length() - 1);
        assertNotEquals(url, altered);
        assertEquals(403, get(altered, null).statusCode());
        // A rotation: the new key signs from now on, and the link signed before it still reads.
        Answer rotated = gateway.send("POST", "/admin/links/keys", null, true);
        assertEquals(201, rotated.status(), rotated.body());
        Answer after = gateway.send("POST", "/objects/" + GatewayClient.path(key("linked")) + "/links", "{\"expiresIn\":\"PT10M\"}", false);
        assertEquals(rotated.json().get("kid").asText(), after.json().get("kid").asText(), "the new key signs");
        assertEquals(200, get(after.json().get("url").asText(), null).statusCode());
        assertEquals(200, get(url, null).statusCode(), "a link signed before the rotation still reads");
        String newKid = rotated.json().get("kid").asText();
        assertTrue(gateway.send("GET", "/admin/links/keys", null, true).body().contains(newKid));
        assertEquals(204, gateway.send("DELETE", "/admin/links/keys/" + newKid, null, true).status());
        assertEquals(403, get(after.json().get("url").asText(), null).statusCode(), "removing its key ends the link");
        assertEquals(200, get(url, null).statusCode(), "the older key still verifies its own");
        assertEquals(204, gateway.send("DELETE", url, null, false).status());
        assertEquals(403, get(url, null).statusCode(), "revoked (seen by the gateway through etcd)");
    }

    @Test
    @Order(4)
    void aLinkExpires() throws Exception {
        write("short-lived");
        Answer made = gateway.send("POST", "/objects/" + GatewayClient.path(key("short-lived")) + "/links", "{\"expiresIn\":\"PT1S\"}", false);
        String url = made.json().get("url").asText();
        await(Duration.ofSeconds(10), () -> {
            try {
                return get(url, null).statusCode() == 403;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(5)
    void aBlobLinkStreamsARange() throws Exception {
        byte[] bytes = new byte[3 << 20]; // striped
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(base.resolve("/blobs/" + GatewayClient.path(key("blob.bin"))))
                .timeout(Duration.ofSeconds(120)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(put.statusCode() == 200 || put.statusCode() == 202, put.body());
        Answer made = gateway.send("POST", "/objects/" + GatewayClient.path(key("blob.bin")) + "/links", null, false);
        String url = made.json().get("url").asText();
        HttpResponse<byte[]> part = get(url, "bytes=2097150-2097159");
        assertEquals(206, part.statusCode());
        byte[] expected = java.util.Arrays.copyOfRange(bytes, 2_097_150, 2_097_160);
        assertArrayEquals(expected, part.body(), "a range across a stripe boundary");
    }

    @Test
    @Order(6)
    void publicByPrefixPrivateByDefaultAndTheObjectsLabelWins() {
        write("open/a");
        write("closed/b");
        String rule = "{\"prefix\":\"" + key("open/") + "\",\"access\":\"public\"}";
        assertEquals(401, gateway.send("PUT", "/admin/access/rules", rule, false).status());
        assertEquals(200, gateway.send("PUT", "/admin/access/rules", rule, true).status());
        try {
            assertEquals("public", access("open/a").get("effective").asText());
            assertEquals("private", access("closed/b").get("effective").asText());
            assertEquals(200, gateway.patch(key("open/a"), null, "{\"access\":\"private\"}").status());
            assertEquals("object", access("open/a").get("source").asText());
            assertEquals("private", access("open/a").get("effective").asText());
            assertEquals(200, gateway.patch(key("closed/b"), null, "{\"access\":\"public\"}").status());
            assertTrue(access("closed/b").get("anonymousRead").asBoolean());
        } finally {
            gateway.send("DELETE", "/admin/access/rules?prefix=" + GatewayClient.path(key("open/")), null, true);
        }
    }

    @Test
    @Order(7)
    void theSyncSurfaceAnswers() {
        Answer uploads = gateway.send("GET", "/admin/sync/uploads?olderThan=PT0S", null, true);
        assertEquals(200, uploads.status(), uploads.body());
        assertTrue(uploads.json().get("uploads").isArray());
        assertEquals(200, gateway.send("GET", "/admin/sync/orphans", null, true).status());
        Answer abort = gateway.send("DELETE", "/admin/sync/uploads/u-none", null, true);
        assertEquals(404, abort.status(), "no such upload to abort: " + abort.body());
    }

    private static JsonNode access(String name) {
        Answer a = gateway.send("GET", "/objects/" + GatewayClient.path(key(name)) + "/access", null, false);
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    private static HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "condition not met within " + timeout);
            Thread.sleep(200);
        }
    }
}
