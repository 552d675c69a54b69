package io.hybridstore.healer.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.StaticNodeDirectory;
import io.hybridstore.healer.HealerAppTestAccess;
import io.hybridstore.healer.infra.Backend;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Wiring of the console on the in-memory backend: the page and its assets, the snapshot, the stream, the actions' guard. */
@QuarkusTest
class ConsoleAppTest {

    @Inject
    Backend backend;

    @TestHTTPResource("/")
    URL root;

    @Test
    void thePageAndItsChartLibraryAreServedFromTheJar() {
        String page = given().get("/console/").then().statusCode(200).extract().asString();
        assertTrue(page.contains("/webjars/uplot/"), page);
        String script = page.replaceAll("(?s).*src=\"(/webjars/uplot/[^\"]+)\".*", "$1");
        assertTrue(script.matches("/webjars/uplot/[0-9.]+/dist/uPlot.iife.min.js"), "version filled in by the build: " + script);
        given().get(script).then().statusCode(200).body(containsString("uPlot"));
        given().get("/console/console.js").then().statusCode(200).body(containsString("EventSource"));
    }

    @Test
    void theSnapshotShowsTheNodesTheObjectsAndAKilledNodeWithinSeconds() throws Exception {
        ObjectMetadata object = HealerAppTestAccess.write(backend, "console-1");
        HealerAppTestAccess.waitUntil(() -> snapshot().getInt("redundancy.objects") >= 1, "the record reaches the model");
        // The model reads liveness once a second: a node an earlier test class (HealerAppTest, same app)
        // took away and put back may still show dead for that long.
        HealerAppTestAccess.waitUntil(() -> snapshot().getList("nodes.findAll { it.live }").size() == 8, "8 live nodes");
        JsonPath s = snapshot();
        assertEquals(8, s.getList("nodes.findAll { it.live }").size());
        assertEquals(true, s.getBoolean("synced"));
        assertEquals("healer-test", s.getString("healer.id"));
        assertEquals("healer-test", s.getString("healer.leaderId"));
        assertTrue(s.getLong("healer.term") > 0);

        String dead = object.hot().replicas().get(0).nodeId();
        ((StaticNodeDirectory) backend.nodes()).remove(dead);
        ((InMemoryChunkStore) backend.chunks()).setDown(dead, true);
        try {
            HealerAppTestAccess.waitUntil(() -> snapshot().getBoolean("nodes.find { it.id == '" + dead + "' }.live") == false,
                    "the console shows " + dead + " dead");
            HealerAppTestAccess.waitUntil(() -> snapshot().getList("events.findAll { it.type == 'NODE_LOST' }.detail")
                    .contains(dead + " lease expired"), "a NODE_LOST event");
            // The healer (a pass every 200 ms here) moves the copies; the model follows the records.
            HealerAppTestAccess.waitUntil(() -> snapshot().getLong("redundancy.overall.degraded") == 0
                    && snapshot().getLong("redundancy.overall.lost") == 0, "full redundancy again");
            given().get("/console/api/timeline").then().statusCode(200)
                    .body("points.size()", org.hamcrest.Matchers.greaterThan(0))
                    .body("events.type", org.hamcrest.Matchers.hasItem("NODE_LOST"));
        } finally {
            ((StaticNodeDirectory) backend.nodes()).add(new NodeInfo(dead, "mem://" + dead, "", 1L << 40, 0, 0, 0, "test"));
            ((InMemoryChunkStore) backend.chunks()).setDown(dead, false);
        }
    }

    @Test
    void theStreamPushesSnapshotsAsServerSentEvents() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "console/api/events")).timeout(Duration.ofSeconds(20)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            List<String> data;
            try (Stream<String> lines = response.body()) {
                data = lines.filter(l -> l.startsWith("data:")).limit(2).toList();
            }
            assertEquals(2, data.size());
            for (String event : data) {
                JsonPath s = JsonPath.from(event.substring("data:".length()));
                assertEquals(8, s.getList("nodes").size(), event);
                assertTrue(s.getString("at").endsWith("Z"), event);
            }
        }
    }

    @Test
    void actionsAreOffByDefault() {
        given().post("/console/api/nodes/node-1/kill").then().statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("actions are off"));
        given().get("/console/api/snapshot").then().statusCode(200).body("actions", equalTo(false));
    }

    private static JsonPath snapshot() {
        return given().get("/console/api/snapshot").then().statusCode(200).extract().jsonPath();
    }
}
