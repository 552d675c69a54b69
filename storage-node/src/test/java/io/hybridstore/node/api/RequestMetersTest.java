package io.hybridstore.node.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.console.NodeTraffic;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkBatchFraming;
import io.hybridstore.node.testing.Profiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The node's own request meters: what they count, how they are labelled, and that the console reads them. */
@QuarkusTest
@TestProfile(Profiles.Standalone.class)
class RequestMetersTest {

    @Inject
    MeterRegistry registry;

    @Inject
    BatchRoute route;

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer " + Profiles.TOKEN);
    }

    @Test
    void everyAnswerIsCountedUnderItsRouteMethodAndStatusButNotTheManagementEndpoints() throws Exception {
        Map<String, Supplier<Long>> series = Map.of(
                "PUT 200", count("PUT", "/chunks/{id}", "200"),
                "GET 200", count("GET", "/chunks/{id}", "200"),
                "GET 404", count("GET", "/chunks/{id}", "404"),
                "GET 401", count("GET", "/chunks/{id}", "401"),
                "batch 200", count("POST", "/chunks/_batch", "200"),
                "other 401", count("GET", "other", "401"));
        Map<String, Long> before = series.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        long routed = route.taken();

        authed().contentType(ContentType.BINARY).body(new byte[] {1, 2, 3}).put("/chunks/meters-a").then().statusCode(200);
        authed().get("/chunks/meters-a").then().statusCode(200);
        authed().get("/chunks/meters-a").then().statusCode(200);
        authed().get("/chunks/meters-missing").then().statusCode(404);
        given().get("/chunks/meters-a").then().statusCode(401);
        given().get("/no/such/path").then().statusCode(401);
        byte[] batch = join(ChunkBatchFraming.encode(List.of(new ChunkStore.ChunkPut("meters-b", new byte[] {4, 5}, null))));
        authed().contentType(ChunkApi.BATCH_MEDIA_TYPE).accept(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE).body(batch).post("/chunks/_batch")
                .then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();

        Map<String, Long> expected = Map.of("PUT 200", 1L, "GET 200", 2L, "GET 404", 1L, "GET 401", 1L, "batch 200", 1L, "other 401", 1L);
        awaitCounted(() -> expected.entrySet().stream().allMatch(e -> series.get(e.getKey()).get() - before.get(e.getKey()) >= e.getValue()));
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), series.get(e.getKey()).get() - before.get(e.getKey()), e.getKey());
        }
        assertEquals(routed + 1, route.taken(), "the batch took the Vert.x route, and was counted there too");
        assertTrue(registry.find(RequestMeters.NAME).timers().stream().noneMatch(t -> t.getId().getTag("route").startsWith("/q")),
                "health checks and scrapes are not counted");
        assertTrue(scrape.contains("hybridstore_node_requests_seconds_count{method=\"PUT\",route=\"/chunks/{id}\",status=\"200\"}"), scrape);
        assertTrue(scrape.contains("hybridstore_node_requests_seconds_sum{"), "the console's mean latency needs the sum");
        assertFalse(scrape.contains("http_server_requests_seconds"), "Quarkus' per-response timer is off on the node");
        assertTrue(NodeTraffic.parse(scrape, 0).requests() >= 7, "the console reads these meters");
    }

    @Test
    void heldTimersAreMadeOncePerSeries() {
        RequestMeters meters = new RequestMeters(registry);
        Timer first = meters.timer(NodeRoute.BATCH_GET, RequestMeters.methodIndex("POST"), 507);
        assertTrue(first == meters.timer(NodeRoute.BATCH_GET, RequestMeters.methodIndex("POST"), 507));
        assertEquals("507", first.getId().getTag("status"));
        assertEquals("reset", meters.timer(NodeRoute.BATCH, RequestMeters.methodIndex("POST"), RequestMeters.RESET).getId().getTag("status"));
        assertEquals("OTHER", meters.timer(NodeRoute.OTHER, RequestMeters.methodIndex("PATCH"), 401).getId().getTag("method"));
    }

    private Supplier<Long> count(String method, String route, String status) {
        return () -> {
            Timer timer = registry.find(RequestMeters.NAME).tags("method", method, "route", route, "status", status).timer();
            return timer == null ? 0 : timer.count();
        };
    }

    /**
     * The meters are recorded when the node has finished the answer, which may be just after the
     * client has it: polled, bounded, not slept on.
     */
    private static void awaitCounted(java.util.function.BooleanSupplier counted) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!counted.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static byte[] join(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
