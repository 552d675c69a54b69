package io.hybridstore.e2e.gateway;

import static io.hybridstore.e2e.gateway.GatewayClient.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdMetadataStore;
import io.hybridstore.e2e.Teardown;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalogue against the real cluster (etcd, Kafka, nodes, the gateway indexing
 * {@code status, owner, score} as {@link io.hybridstore.cluster.LocalCluster} configures it).
 * Tags are set as a client sets them, {@code PATCH /objects/{key}}: a write through the WAL,
 * committed by compare-and-set with the record's index entries.
 */
class CatalogueEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "cat-" + UUID.randomUUID().toString().substring(0, 8) + "/";

    private static LocalCluster cluster;
    private static GatewayClient gateway;
    private static URI base;
    private static EtcdConnection etcd;
    private static MetadataStore metadata;

    @BeforeAll
    static void cluster() {
        cluster = LocalCluster.shared();
        MissingApps.check(!cluster.gatewayNames().isEmpty() && cluster.nodeNames().size() == 8,
                "needs the api-gateway and storage-node jars; the shared cluster runs " + cluster.processNames());
        base = cluster.url(cluster.gatewayNames().get(0));
        gateway = new GatewayClient(base, cluster.clusterToken());
        etcd = EtcdConnection.connect(EtcdConnection.parseEndpoints(cluster.etcdEndpoints()), ClusterKeys.DEFAULT_PREFIX,
                Duration.ofSeconds(10));
        metadata = new EtcdMetadataStore(etcd);
    }

    @AfterAll
    static void close() throws Exception {
        Teardown.close(etcd);
    }

    private static HttpResponse<String> get(String pathAndQuery, String method) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + cluster.clusterToken());
            return HTTP.send(request.method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(pathAndQuery, e);
        }
    }

    private static JsonNode list(String query) {
        return list("", query);
    }

    /** A page of keys under {@code RUN + under}. */
    private static JsonNode list(String under, String query) {
        HttpResponse<String> response = get("/objects?prefix=" + enc(RUN + under) + query, "GET");
        assertEquals(200, response.statusCode(), query + ": " + response.body());
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.get("items").forEach(item -> keys.add(item.get("key").asText().substring(RUN.length())));
        return keys;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void write(String name, String json) {
        int status = gateway.write(RUN + name, doc(json)).status();
        assertTrue(status == 200 || status == 202, name + ": " + status);
    }

    private static void putBlob(String name, byte[] bytes, String type) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/blobs/" + RUN + name))
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** Sets the tags of a key through {@code PATCH /objects/{key}}, unguarded (no If-Match): it applies to the current version. */
    private static void tag(String key, Set<String> tags) {
        String body = "{\"tags\":{\"set\":[" + String.join(",", tags.stream().sorted().map(t -> "\"" + t + "\"").toList()) + "]}}";
        GatewayClient.Answer patched = gateway.patch(key, null, body);
        assertEquals(200, patched.status(), key + ": " + patched.body());
    }

    /** A 400 problem+json whose detail names {@code parameter}. */
    private static void badParameter(String query, String parameter) {
        HttpResponse<String> response = get("/objects?" + query, "GET");
        assertEquals(400, response.statusCode(), query + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), query);
        assertTrue(response.body().contains(parameter), query + " names " + parameter + ": " + response.body());
    }

    @Test
    void listsFiltersInfoHeadAndTheIndexCompare() throws Exception {
        write("d1", "{\"owner\":\"ada\",\"score\":5,\"status\":\"open\",\"text\":\"" + "x".repeat(400) + "\"}");
        write("d2", "{\"owner\":\"bob\",\"score\":7.50,\"status\":\"open\"}");
        write("d3", "{\"owner\":\"ada\",\"score\":9,\"status\":\"done\"}");
        putBlob("b4.png", new byte[] {1, 2, 3, 4}, "image/png");
        tag(RUN + "d3", Set.of("red", "big"));
        tag(RUN + "b4.png", Set.of("red"));

        JsonNode first = list("&limit=2");
        assertEquals(List.of("b4.png", "d1"), keys(first));
        assertEquals(List.of("d2", "d3"), keys(list("&limit=2&after=" + first.get("next").asText())));
        assertEquals(List.of("d1", "d3"), keys(list("&field.owner=ada")));
        assertEquals(List.of("d2"), keys(list("&field.score=7.5")));
        assertEquals(List.of("d2", "d3"), keys(list("&field.score=6..10")));
        assertEquals(List.of("d1"), keys(list("&field.owner=ada&field.status=open")));
        assertEquals(List.of("b4.png", "d3"), keys(list("&tag=red")));
        assertEquals(List.of("d3"), keys(list("&tag=red&tag=big")));
        assertEquals(List.of("b4.png", "d3"), keys(list("&anyTag=big&anyTag=red")));
        assertEquals(List.of("b4.png"), keys(list("&kind=blob&type=" + enc("image/png") + "&size=4")));
        assertEquals(List.of("d1"), keys(list("&kind=document&size=300..")));
        assertEquals(4, keys(list("&state=clean,dirty,in_progress&modified=2020-01-01T00:00:00Z..")).size());
        // Clean objects have no state entry and JSON documents no type entry: served by the records and the kind entries.
        // (A write answered 202 may still be settling: the listing must hold every object whose record was clean before it.)
        List<String> cleanBefore = List.of("b4.png", "d1", "d2", "d3").stream()
                .filter(k -> metadata.get(RUN + k).orElseThrow().metadata().state() == ObjectState.CLEAN).toList();
        JsonNode clean = list("&state=clean");
        assertTrue(keys(clean).containsAll(cleanBefore), keys(clean) + " lacks some of " + cleanBefore);
        clean.get("items").forEach(item -> assertEquals("clean", item.get("state").asText(), item.toString()));
        assertEquals(List.of("d1", "d2", "d3"), keys(list("&type=" + enc("application/json"))));
        assertEquals(List.of("d3"), keys(list("&type=" + enc("application/json") + "&tag=red")));
        JsonNode blobItem = list("&kind=blob").get("items").get(0);
        assertEquals("blob", blobItem.get("kind").asText());
        assertEquals(4, blobItem.get("size").asInt());
        assertEquals("image/png", blobItem.get("contentType").asText());
        assertEquals("[\"red\"]", blobItem.get("tags").toString());

        JsonNode info = JSON.readTree(get("/objects/" + RUN + "d1/info", "GET").body());
        assertEquals("document", info.get("kind").asText());
        assertEquals("ada", info.get("fields").get("owner").asText());
        HttpResponse<String> headDocument = get("/objects/" + RUN + "d1", "HEAD");
        assertEquals(200, headDocument.statusCode());
        assertEquals("document", headDocument.headers().firstValue("X-Object-Kind").orElse(""));
        assertEquals(info.get("size").asText(), headDocument.headers().firstValue("X-Object-Size").orElse(""));
        HttpResponse<String> head = get("/objects/" + RUN + "b4.png", "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("blob", head.headers().firstValue("X-Object-Kind").orElse(""));
        assertEquals("4", head.headers().firstValue("X-Object-Size").orElse(""));
        assertEquals("red", head.headers().firstValue("X-Object-Tags").orElse(""));
        assertEquals(404, get("/objects/" + RUN + "none", "HEAD").statusCode());

        assertEquals(200, gateway.delete(RUN + "d3").status());
        assertEquals(List.of("b4.png"), keys(list("&tag=red")), "a deleted object leaves every index");
        // The bad inputs: each a 400 problem naming its parameter.
        badParameter("limit=1001", "limit");
        badParameter("field.colour=red", "field.colour");
        badParameter("size=9..3", "size");
        badParameter("after=" + enc("not a cursor!"), "after");

        JsonNode compare = JSON.readTree(get("/admin/index", "GET").body());
        assertEquals(0, compare.get("missing").asInt(), compare.toString());
        assertEquals(0, compare.get("orphans").asInt(), compare.toString());
        assertTrue(compare.get("records").asInt() >= 3, compare.toString());
        HttpResponse<String> rebuilt = get("/admin/index/rebuild", "POST");
        assertEquals(200, rebuilt.statusCode(), rebuilt.body());
        assertEquals(0, JSON.readTree(rebuilt.body()).get("missing").asInt() + JSON.readTree(rebuilt.body()).get("orphans").asInt(),
                "nothing to mend: " + rebuilt.body());
    }

    /**
     * A writer flips tags (red or blue) on 20 keys while readers list {@code tag=red} over and over:
     * every item a listing returns carries red as listed, because each candidate is checked on the
     * record read for that page. Counted: how many listings ran and how many items they returned.
     */
    @Test
    void aFilteredListingNeverReturnsAStaleMatchWhileTagsChange() throws Exception {
        int keys = 20;
        for (int i = 0; i < keys; i++) {
            write("conc/" + i, "{\"owner\":\"o" + i + "\"}");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger flips = new AtomicInteger();
        AtomicInteger listings = new AtomicInteger();
        AtomicInteger items = new AtomicInteger();
        List<String> stale = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<?> writer = pool.submit(() -> {
                for (int round = 0; !stop.get(); round++) {
                    for (int i = 0; i < keys; i++) {
                        tag(RUN + "conc/" + i, (round + i) % 2 == 0 ? Set.of("red") : Set.of("blue"));
                        flips.incrementAndGet();
                    }
                }
                return null;
            });
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < until) {
                JsonNode page = list("conc/", "&tag=red&limit=7");
                listings.incrementAndGet();
                for (JsonNode item : page.get("items")) {
                    items.incrementAndGet();
                    if (!item.get("tags").toString().contains("\"red\"")) {
                        stale.add(item.toString());
                    }
                }
            }
            stop.set(true);
            writer.get();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertEquals(List.of(), stale, "items listed under tag=red that did not carry it");
        assertTrue(listings.get() >= 10 && flips.get() >= keys && items.get() > 0,
                listings + " listings, " + flips + " flips, " + items + " items");
        JsonNode compare = JSON.readTree(get("/admin/index", "GET").body());
        assertEquals(0, compare.get("missing").asInt() + compare.get("orphans").asInt(), compare.toString());
    }
}
