package io.hybridstore.e2e.gateway;

import static io.hybridstore.e2e.gateway.GatewayClient.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.common.model.ClusterKeys;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.record.RecordCodec;
import io.hybridstore.common.usage.UsageCounts;
import io.hybridstore.common.usage.UsageDelta;
import io.hybridstore.common.usage.UsageReport;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.e2e.Teardown;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /report} against the shared local cluster: after writes, overwrites, deletes and dedup
 * the report equals the usage recounted from the records themselves (read one by one through the
 * admin API), and the bytes saved by dedup move by exactly the shared parts. Also measures the stored
 * record sizes (compact against the JSON form the same record had before).
 */
class ReportEndToEndTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "report-" + RUN + "/";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static LocalCluster cluster;
    private static GatewayClient gateway;
    private static URI base;
    private static EtcdConnection etcd;
    private final Set<String> keys = new LinkedHashSet<>();

    @BeforeAll
    static void cluster() {
        cluster = LocalCluster.shared();
        MissingApps.check(!cluster.gatewayNames().isEmpty() && cluster.nodeNames().size() == 8,
                "needs the api-gateway and storage-node jars; the shared cluster runs " + cluster.processNames());
        base = cluster.url(cluster.gatewayNames().get(0));
        gateway = new GatewayClient(base, cluster.clusterToken());
        etcd = EtcdConnection.connect(List.of(cluster.etcdEndpoints()), ClusterKeys.DEFAULT_PREFIX, Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() throws Exception {
        Teardown.close(etcd);
    }

    @Test
    void theReportStaysExactThroughWritesOverwritesDeletesAndDedup() throws Exception {
        // The typical document: 4 small hot fields and a 3 KiB text field.
        String typical = "{\"status\":\"active\",\"owner\":\"ada\",\"score\":42,\"kind\":\"note\",\"text\":\"" + "t".repeat(3 * 1024) + "\"}";
        write("typical", typical);
        measure("typical document", "typical");
        putBlob("small.bin", 64 * 1024);
        measure("replicated blob, 64 KiB", "small.bin");
        putBlob("big.bin", 9 * 1024 * 1024);
        measure("striped blob, 9 MiB (3 stripes)", "big.bin");
        for (int i = 1; i <= 4; i++) {
            write("d" + i, "{\"n\":" + i + ",\"text\":\"" + "d".repeat(600 * i) + "\"}");
        }
        write("sub/deep", "{\"n\":0,\"text\":\"" + "s".repeat(900) + "\"}");
        awaitExact();

        long savedBefore = saved();
        String shared = "{\"run\":\"" + RUN + "\",\"text\":\"" + "x".repeat(2_000) + "\"}";
        write("dup-a", shared);
        write("dup-b", shared); // equal content: its hot and cold chunks are dup-a's
        awaitExact();
        long sharedBytes = copiesBytes(record("dup-b"));
        assertEquals(savedBefore + sharedBytes, saved(), "dup-b saves exactly its copies (" + sharedBytes + " bytes)");

        write("d1", "{\"n\":1,\"text\":\"overwritten " + "o".repeat(1500) + "\"}"); // an overwrite with other content
        write("d2", "{\"n\":2,\"text\":\"" + "d".repeat(1200) + "\"}"); // an overwrite with the same content
        write("dup-b", "{\"run\":\"" + RUN + "\",\"text\":\"now different\"}");
        awaitExact();
        assertEquals(savedBefore, saved(), "nothing is shared any more");

        GatewayClient.Answer deleted = gateway.delete(key("d3"));
        assertEquals(2, deleted.status() / 100, deleted.body());
        HttpResponse<String> blobDeleted = HTTP.send(HttpRequest.newBuilder(base.resolve("/blobs/" + encode(key("big.bin"))))
                .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(2, blobDeleted.statusCode() / 100, blobDeleted.body());
        awaitExact();
        assertEquals(savedBefore, saved());
        JsonNode sub = report(PREFIX + "sub/").json();
        assertEquals(1, sub.get("objectsTotal").asLong(), sub.toString());
        assertEquals(400, report("report-" + RUN).status(), "a prefix without counters");
        latency("");
        latency(PREFIX);
    }

    /** Prints the latency of reports as a client sees it (a measurement for docs/benchmarks.md, not a timed assertion). */
    private static void latency(String prefix) {
        int n = 200;
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            assertEquals(200, report(prefix).status());
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("report latency, prefix '%s', %d calls: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", prefix, n,
                nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6, nanos[n - 1] / 1e6);
    }

    /** The report of the run's prefix equals the usage of its records, recounted one by one; records settle first (stragglers, healer). */
    private void awaitExact() throws InterruptedException {
        String expected = null;
        String actual = null;
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            expected = view(UsageReport.of(PREFIX, recount()));
            actual = view(report(PREFIX).json());
            if (expected.equals(actual)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, actual, "the report of " + PREFIX + " against its " + keys.size() + " records");
    }

    private UsageCounts recount() {
        UsageCounts counts = UsageCounts.ZERO;
        for (String name : keys) {
            GatewayClient.Answer answer = gateway.admin(key(name));
            if (answer.status() == 404) {
                continue; // deleted
            }
            assertEquals(200, answer.status(), answer.body());
            ObjectMetadata record = ModelJson.fromBytes(answer.body().getBytes(StandardCharsets.UTF_8), ObjectMetadata.class);
            counts = counts.plus(UsageDelta.between(null, record).counts());
        }
        return counts;
    }

    private static String view(Object report) {
        JsonNode tree = GatewayClient.JSON.valueToTree(report);
        return tree.get("objects") + " " + tree.get("logicalBytes") + " " + tree.get("physicalBytes") + " " + tree.get("objectsTotal");
    }

    private static long copiesBytes(ObjectMetadata record) {
        long bytes = (long) record.hot().replicas().size() * record.hot().size();
        for (ColdPart part : record.codedParts()) {
            bytes += (long) (part.k() + part.m()) * part.shardSize();
        }
        return bytes;
    }

    private long saved() {
        return report("").json().get("dedupSavedBytes").asLong();
    }

    /** Prints the stored size of a record beside the JSON the same record was stored as before, and holds the compact one to 400 bytes for documents. */
    private void measure(String what, String name) throws Exception {
        byte[] stored = etcd.client().getKVClient().get(EtcdConnection.bytes(etcd.keys().object(key(name))))
                .get(5, TimeUnit.SECONDS).getKvs().get(0).getValue().getBytes();
        assertEquals(RecordCodec.COMPACT_V1, stored[0]);
        ObjectMetadata record = RecordCodec.decode(key(name), stored);
        int json = ModelJson.toBytes(record).length;
        System.out.printf("record size, %s: %d bytes compact, %d bytes as JSON (key %d bytes)%n", what, stored.length, json,
                key(name).length());
        if (!record.holdsBlob()) {
            assertTrue(stored.length <= 400, what + ": " + stored.length + " bytes");
        }
    }

    private ObjectMetadata record(String name) {
        GatewayClient.Answer answer = gateway.admin(key(name));
        assertEquals(200, answer.status(), answer.body());
        return ModelJson.fromBytes(answer.body().getBytes(StandardCharsets.UTF_8), ObjectMetadata.class);
    }

    private void write(String name, String json) {
        GatewayClient.Answer answer = gateway.write(key(name), doc(json));
        assertTrue(answer.status() == 200 || answer.status() == 202, answer.status() + " " + answer.body());
        keys.add(name);
    }

    private void putBlob(String name, int size) throws IOException, InterruptedException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/blobs/" + encode(key(name))))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201, response.statusCode() + " " + response.body());
        keys.add(name);
    }

    private static GatewayClient.Answer report(String prefix) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/report?prefix=" + encode(prefix)))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new GatewayClient.Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String key(String name) {
        return PREFIX + name;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
