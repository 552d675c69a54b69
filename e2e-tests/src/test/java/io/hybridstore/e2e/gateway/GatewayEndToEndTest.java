package io.hybridstore.e2e.gateway;

import static io.hybridstore.e2e.gateway.GatewayClient.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.common.model.Version;
import io.hybridstore.e2e.ChunksOnDisk;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.gateway.GatewayClient.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway against real etcd, Kafka and 8 storage-node processes (the shared local cluster).
 * Tests that kill nodes restart them before they end; keys are unique per run. The gateway keeps the
 * documents' parts it wrote in memory (GATEWAY_PART_CACHE_SIZE), parts up to 64 KiB: a test whose read
 * must reach the nodes (degraded, corrupt) writes a cold part larger than that and checks it was fetched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTest {

    private static LocalCluster cluster;
    private static GatewayClient gateway;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void cluster() {
        cluster = LocalCluster.shared();
        MissingApps.check(!cluster.gatewayNames().isEmpty() && cluster.nodeNames().size() == 8,
                "needs the api-gateway and storage-node jars; the shared cluster runs " + cluster.processNames());
        gateway = new GatewayClient(cluster.url(cluster.gatewayNames().get(0)), cluster.clusterToken());
        warmUp();
    }

    /**
     * Freshly started node JVMs answer their first requests slowly (class loading, JIT), which on a
     * busy machine can exceed the node timeout. Behaviour, not cold-start latency, is under test here.
     */
    private static void warmUp() {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int ok = 0;
        for (int i = 0; ok < 3 && System.nanoTime() < until; i++) {
            ObjectNode value = doc("{\"i\":" + i + ",\"blob\":\"" + "w".repeat(2_000 + i) + "\"}");
            ok += gateway.write(RUN + "/warm-up/" + i, value).status() == 200 ? 1 : 0;
        }
        assertTrue(ok >= 3, "the cluster never accepted a clean write");
    }

    private static String key(String name) {
        return RUN + "/" + name;
    }

    @Test
    @Order(1)
    void manyDocumentsRoundTripAsWritten() {
        Map<String, ObjectNode> docs = new LinkedHashMap<>();
        docs.put("mixed", doc("{\"name\":\"Ada\",\"age\":36,\"score\":1.50,\"bio\":\"" + "x".repeat(1000)
                + "\",\"tags\":[\"a\",\"b\"],\"nested\":{\"z\":1,\"a\":2},\"none\":null,\"ok\":true}"));
        docs.put("unicode ключ ✓", doc("{\"émoji\":\"😀 日本語\",\"long\":\"" + "ü".repeat(500) + "\",\"rtl\":\"שלום\"}"));
        docs.put("empty", doc("{}"));
        docs.put("only-hot", doc("{\"a\":1,\"b\":\"short\",\"c\":false,\"d\":-12345678901234567890}"));
        docs.put("only-cold", doc("{\"list\":[1,2,3],\"obj\":{\"k\":\"v\"},\"text\":\"" + "t".repeat(300) + "\"}"));
        docs.put("big", doc("{\"id\":1,\"blob\":\"" + "0123456789abcdef".repeat(10 << 16) + "\"}")); // 10 MiB cold field
        for (int i = 0; i < 20; i++) {
            docs.put("small-" + i, doc("{\"i\":" + i + ",\"payload\":\"" + "p".repeat(i * 40) + "\",\"arr\":[" + i + "]}"));
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (var e : docs.entrySet()) {
            Answer written = gateway.write(key(e.getKey()), e.getValue());
            // 202 is a correct answer too when a node is slow on a busy machine: stored, readable, healing.
            assertTrue(written.status() == 200 || written.status() == 202, e.getKey() + ": " + written.body());
            assertTrue(Set.of("clean", "dirty", "in_progress").contains(written.json().get("state").asText()), written.body());
            assertTrue(written.raw().headers().firstValue("Server-Timing").orElse("").contains("store;dur="));
            versions.put(e.getKey(), written.json().get("version").asText());
        }
        for (var e : docs.entrySet()) {
            Answer read = gateway.read(key(e.getKey()));
            assertEquals(200, read.status(), e.getKey() + ": " + read.body());
            assertEquals(e.getValue(), read.json(), e.getKey());
            assertEquals(fieldNames(e.getValue()), fieldNames(read.json()), "written field order");
            assertEquals("\"" + versions.get(e.getKey()) + "\"", read.raw().headers().firstValue("ETag").orElse(""));
        }
        assertEquals("1.50", gateway.read(key("mixed")).json().get("score").decimalValue().toPlainString());
        JsonNode meta = gateway.admin(key("big")).json();
        assertEquals(6, meta.get("cold").get("shards").size());
        assertEquals(6, distinctNodes(meta.get("cold").get("shards")).size(), "6 shards on 6 distinct nodes");
        assertEquals(3, distinctNodes(meta.get("hot").get("replicas")).size(), "3 replicas on 3 distinct nodes");
    }

    @Test
    @Order(2)
    void anUnchangedColdPartIsNotWrittenAgain() throws Exception {
        ObjectNode value = doc("{\"n\":1,\"blob\":\"" + "d".repeat(200_000) + "\"}");
        assertEquals(200, gateway.write(key("dedup"), value).status());
        JsonNode before = gateway.admin(key("dedup")).json();
        Map<String, Double> bytesIn = nodeBytesIn();
        value.put("n", 2); // hot changes, cold does not
        Answer again = gateway.write(key("dedup"), value);
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().get("dedup").toString().contains("cold"), again.body());
        JsonNode after = gateway.admin(key("dedup")).json();
        assertEquals(before.get("cold"), after.get("cold"), "same shards, same stored-at times");
        Map<String, Double> bytesAfter = nodeBytesIn();
        double written = 0;
        for (String node : bytesAfter.keySet()) {
            written += bytesAfter.get(node) - bytesIn.getOrDefault(node, 0.0);
        }
        assertTrue(written < 10_000, "only the small hot part reached the nodes: " + written + " bytes");
        assertEquals(2, gateway.read(key("dedup")).json().get("n").intValue());
    }

    @Test
    @Order(3)
    void twoNodesDownGive202AndTheObjectStaysReadable() throws Exception {
        ObjectNode value = doc("{\"who\":\"dirty\",\"blob\":\"" + "q".repeat(100_000) + "\"}"); // read from the nodes
        assertEquals(200, gateway.write(key("probe-202"), value).status());
        List<String> holders = shardNodes(gateway.admin(key("probe-202")).json());
        List<String> victims = holders.subList(0, 2);
        try {
            victims.forEach(cluster::kill);
            // Equal content is placed alike, and the killed nodes' leases are still live for a few seconds.
            Answer answer = gateway.write(key("written-202"), value);
            assertEquals(202, answer.status(), answer.body());
            assertEquals("dirty", answer.json().get("state").asText());
            assertTrue(answer.json().get("missing").size() >= 2, answer.body());
            double fetched = partCache("miss");
            assertEquals(value, gateway.read(key("written-202")).json());
            assertEquals(fetched + 1, partCache("miss"), "the cold part from the nodes");
        } finally {
            victims.forEach(cluster::start);
        }
    }

    @Test
    @Order(4)
    void degradedReadWithTwoShardHoldersDown() throws Exception {
        ObjectNode value = doc("{\"blob\":\"" + "r".repeat(80_000) + "\",\"n\":4}");
        assertEquals(200, gateway.write(key("degraded"), value).status());
        List<String> victims = shardNodes(gateway.admin(key("degraded")).json()).subList(0, 2); // two data shards
        try {
            victims.forEach(cluster::kill);
            double fetched = partCache("miss");
            Answer read = gateway.read(key("degraded"));
            assertEquals(fetched + 1, partCache("miss"), "the 80-KB cold part from the nodes, not the gateway's memory");
            assertEquals(200, read.status(), read.body());
            assertEquals(value, read.json());
        } finally {
            victims.forEach(cluster::start);
        }
    }

    @Test
    @Order(5)
    void aCorruptedChunkOnDiskIsNeverReturned() throws Exception {
        ObjectNode value = doc("{\"blob\":\"" + "c".repeat(100_000) + "\"}"); // more than the gateway keeps in memory
        assertEquals(200, gateway.write(key("corrupt"), value).status());
        JsonNode shard = gateway.admin(key("corrupt")).json().get("cold").get("shards").get(0);
        // A data byte of the shard, in its own file or its segment record (a 25 KB shard: a segment).
        ChunksOnDisk.flipDataByte(cluster.dataDir(shard.get("nodeId").asText()), shard.get("chunkId").asText(), 10);
        double fetched = partCache("miss");
        Answer read = gateway.read(key("corrupt"));
        assertEquals(fetched + 1, partCache("miss"), "read from the nodes");
        assertEquals(200, read.status(), read.body());
        assertEquals(value, read.json());
        String state = gateway.admin(key("corrupt")).json().get("state").asText();
        // Marked for the healer; a healer may already have repaired it.
        assertTrue(state.equals("DIRTY") || state.equals("CLEAN"), state);
    }

    @Test
    @Order(6)
    void concurrentWritersToOneKeyEndAtTheHighestWalOffset() throws Exception {
        String k = key("contended");
        Map<Version, Integer> byVersion = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 24; i++) {
                int writer = i;
                pool.submit(() -> {
                    Answer a = gateway.write(k, doc("{\"writer\":" + writer + ",\"pad\":\"" + "w".repeat(300 + writer) + "\"}"));
                    if (a.status() != 200) {
                        failures.add(a.status() + " " + a.body());
                        return;
                    }
                    byVersion.put(Version.parse(a.json().get("version").asText()), writer);
                });
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(24, byVersion.size());
        Version highest = new TreeSet<>(byVersion.keySet()).last();
        assertEquals(highest.toString(), gateway.admin(k).json().get("version").get("partition").asInt() + "-"
                + gateway.admin(k).json().get("version").get("offset").asLong());
        assertEquals(byVersion.get(highest).intValue(), gateway.read(k).json().get("writer").intValue());
    }

    @Test
    @Order(7)
    void badInputsAre4xxProblemsAndStoreNothing() {
        List<String> bodies = List.of(
                "{\"key\":\"" + key("bad1") + "\",\"value\":",
                "{\"key\":\"" + key("bad2") + "\",\"value\":[1,2]}",
                "{\"key\":\"" + key("bad3") + "\",\"value\":\"text\"}",
                "{\"key\":\"" + key("bad4") + "\u0007\",\"value\":{}}",
                "{\"key\":\"\",\"value\":{}}",
                "[1]",
                "{\"key\":\"" + key("bad5") + "\",\"value\":{\"a\":1,\"a\":2}}");
        for (String body : bodies) {
            Answer a = gateway.post(body);
            assertEquals(400, a.status(), body + " -> " + a.body());
            assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
            assertEquals("urn:hybridstore:problem:bad-request", a.json().get("type").asText());
        }
        Answer tooLarge = gateway.post("{\"key\":\"" + key("bad6") + "\",\"value\":{\"s\":\"" + "x".repeat(17 << 20) + "\"}}");
        assertEquals(413, tooLarge.status());
        for (int i = 1; i <= 6; i++) {
            assertEquals(404, gateway.admin(key("bad" + i)).status());
        }
        assertEquals(404, gateway.read(key("never-written")).status());
    }

    /**
     * A key in a path is percent-encoded once as UTF-8 and read back exactly: a non-ASCII escape, an
     * escaped '%', ';' and a trailing '/' are the key's own, on the document route (a plain GET), on
     * the REST resource (a query sends it there) and for a blob.
     */
    @Test
    @Order(8)
    void aNonAsciiKeyReadsBackThroughItsPercentEncodingOnEveryPath() {
        String k = key("café;v=1/100%41/");
        String encoded = RUN + "/caf%C3%A9;v=1/100%2541/";
        ObjectNode value = doc("{\"k\":\"é\"}");
        Answer written = gateway.write(k, value);
        assertTrue(written.status() == 200 || written.status() == 202, written.body());
        for (String query : new String[] {"", "?x=1"}) {
            Answer read = gateway.send("GET", "/read/" + encoded + query, null, false);
            assertEquals(200, read.status(), query + ": " + read.body());
            assertEquals(value, read.json());
        }
        assertEquals(k, gateway.send("GET", "/admin/objects/" + encoded, null, true).json().get("key").asText());
        Answer put = gateway.send("PUT", "/blobs/" + encoded + "blob", "blob bytes", false);
        assertTrue(put.status() == 200 || put.status() == 202, put.body());
        assertEquals(k + "blob", put.json().get("name").asText());
        assertEquals("blob bytes", gateway.send("GET", "/blobs/" + encoded + "blob", null, false).body());
        assertEquals(400, gateway.send("GET", "/read/" + RUN + "/caf%E9", null, false).status(), "Latin-1, not UTF-8");
    }

    @Test
    @Order(8)
    void deleteLeavesATombstone() {
        assertEquals(200, gateway.write(key("to-delete"), doc("{\"a\":1}")).status());
        Answer deleted = gateway.delete(key("to-delete"));
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(404, gateway.read(key("to-delete")).status());
        assertEquals("DELETED", gateway.admin(key("to-delete")).json().get("state").asText());
    }

    @Test
    @Order(9)
    void aGatewayKilledAfterTheWalAckStillGetsItsWriteApplied() throws Exception {
        ObjectNode value = doc("{\"survivor\":true,\"blob\":\"" + "s".repeat(5_000) + "\"}");
        try (CrashingGateway crashing = CrashingGateway.start(cluster)) {
            Answer a = crashing.client().write(key("replayed"), value);
            assertEquals(-1, a.status(), "the gateway died before answering: " + a.body());
            assertTrue(crashing.awaitExit(Duration.ofSeconds(20)), "halted");
        }
        assertEquals(404, gateway.admin(key("replayed")).status(), "no metadata was committed by the dead gateway");
        // The surviving gateway's replay applies the record after the grace period.
        await(Duration.ofSeconds(90), () -> gateway.read(key("replayed")).status() == 200);
        assertEquals(value, gateway.read(key("replayed")).json());
    }

    @Test
    @Order(10)
    void mostNodesDownIs503AndNothingIsCommitted() throws Exception {
        ObjectNode value = doc("{\"blob\":\"" + "m".repeat(30_000) + "\",\"n\":1}");
        assertEquals(200, gateway.write(key("probe-503"), value).status());
        List<String> victims = new ArrayList<>(shardNodes(gateway.admin(key("probe-503")).json()).subList(0, 5));
        try {
            victims.forEach(cluster::kill);
            Answer answer = gateway.write(key("written-503"), value);
            assertEquals(503, answer.status(), answer.body());
            assertTrue(answer.contentType().startsWith("application/problem+json"));
            assertEquals(404, gateway.admin(key("written-503")).status());
        } finally {
            victims.forEach(cluster::start);
        }
        // The write is in the WAL: once the nodes are back, the replay lands it.
        await(Duration.ofSeconds(90), () -> gateway.read(key("written-503")).status() == 200);
    }

    @Test
    @Order(11)
    void aDocumentReadFromMemoryIsTheOneWrittenAndADeletedOneIsNotFound() throws Exception {
        ObjectNode value = doc("{\"name\":\"Ada\",\"age\":36,\"bio\":\"" + "m".repeat(3_000) + "\",\"tags\":[\"a\"]}");
        Answer written = gateway.write(key("from-memory"), value);
        // 202 too: a node slow on a busy machine (or still starting after the test before) leaves copies pending; committed all the same.
        assertTrue(written.status() == 200 || written.status() == 202, written.body());
        double hits = partCache("hit");
        double misses = partCache("miss");
        Answer first = gateway.read(key("from-memory"));
        Answer second = gateway.read(key("from-memory"));
        assertEquals(hits + 4, partCache("hit"), "both parts of both reads from the gateway's memory");
        assertEquals(misses, partCache("miss"));
        assertEquals(200, first.status(), first.body());
        assertEquals(value, first.json());
        assertEquals(fieldNames(value), fieldNames(first.json()), "written field order");
        assertEquals(first.body(), second.body(), "byte for byte");
        assertEquals("\"" + written.json().get("version").asText() + "\"", first.raw().headers().firstValue("ETag").orElse(""));

        assertEquals(200, gateway.delete(key("from-memory")).status());
        assertEquals(404, gateway.read(key("from-memory")).status(), "the tombstone is read from etcd, whatever the memory holds");
        assertEquals(hits + 4, partCache("hit"));
    }

    // ---- helpers

    /** gateway-1's part cache lookups so far, {@code result} hit or miss ({@code hybridstore_gateway_read_part_cache_total}). */
    private static double partCache(String result) throws IOException, InterruptedException {
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(cluster.url(cluster.gatewayNames().get(0)).resolve("/q/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("hybridstore_gateway_read_part_cache_total{") && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> distinctNodes(JsonNode locations) {
        Set<String> nodes = new TreeSet<>();
        locations.forEach(l -> nodes.add(l.get("nodeId").asText()));
        return nodes;
    }

    private static List<String> shardNodes(JsonNode metadata) {
        List<String> nodes = new ArrayList<>();
        metadata.get("cold").get("shards").forEach(s -> nodes.add(s.get("nodeId").asText()));
        return nodes;
    }

    /** {@code hybridstore_node_bytes_in_bytes_total} of every node, from its Prometheus endpoint. */
    private static Map<String, Double> nodeBytesIn() throws IOException, InterruptedException {
        Map<String, Double> result = new LinkedHashMap<>();
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        for (String node : cluster.nodeNames()) {
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(cluster.url(node).resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + cluster.clusterToken()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            double value = metrics.lines().filter(l -> l.startsWith("hybridstore_node_bytes_in_bytes_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            result.put(node, value);
        }
        assertNotEquals(0.0, result.values().stream().mapToDouble(Double::doubleValue).sum(), "node metrics found");
        return result;
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > until, "condition not met within " + timeout);
            Thread.sleep(250);
        }
    }
}
