package io.hybridstore.e2e.gateway;

import static io.hybridstore.e2e.gateway.GatewayClient.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.cluster.LocalClusterBuilder;
import io.hybridstore.cluster.AppCopies;
import io.hybridstore.e2e.MissingApps;
import io.hybridstore.e2e.gateway.GatewayClient.Answer;
import io.hybridstore.e2e.Teardown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd down: a write is appended to the WAL but cannot be placed or committed, so the gateway answers
 * 503 problem+json — never 504, whichever bound (jetcd's retries, the request timeout) fires first —
 * and once etcd is back the WAL replay applies it. Its own small cluster (etcd, Kafka, 3 nodes, one
 * gateway, no healers; RS(2,1) and 2 replicas so 3 nodes take a clean write) with a 1 s replay grace.
 */
class EtcdOutageEndToEndTest {
    private static final Duration REPLAY_DEADLINE = Duration.ofSeconds(60);
    private static LocalCluster cluster;
    private static AppCopies apps;
    private static GatewayClient gateway;

    @BeforeAll
    static void startCluster() throws Exception {
        Path base = Path.of("target", "etcd-outage-e2e", Long.toString(ProcessHandle.current().pid())).toAbsolutePath();
        LocalClusterBuilder builder = LocalCluster.builder().baseDir(base).storageNodes(3).gateways(1).healers(0);
        // Private copies of the app builds: other modules may be rebuilt in this checkout while we run.
        apps = AppCopies.of(base.resolve("apps"), List.of("storage-node", "api-gateway"));
        MissingApps.check(apps.missing().isEmpty(), "needs the storage-node and api-gateway jars; not built: " + apps.missing());
        cluster = apps.useIn(builder)
                .env("gateway-1", "GATEWAY_REPLICAS", "2")
                .env("gateway-1", "GATEWAY_DATA_SHARDS", "2")
                .env("gateway-1", "GATEWAY_PARITY_SHARDS", "1")
                .env("gateway-1", "GATEWAY_REPLAY_GRACE", "1s")
                .env("gateway-1", "GATEWAY_REPLAY_BACKOFF", "500ms")
                .startTimeout(Duration.ofSeconds(180))
                .start();
        gateway = new GatewayClient(cluster.url("gateway-1"), cluster.clusterToken());
        // Fresh JVMs answer their first requests slowly; behaviour, not cold-start latency, is under test.
        await("a clean write", Duration.ofSeconds(90), () -> gateway.write("warm-up", doc("{\"n\":1}")).status() == 200);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Teardown.close(cluster, apps);
    }

    @Test
    void withEtcdDownAWriteIs503AndTheReplayAppliesItOnceEtcdIsBack() throws Exception {
        // Against a dead etcd, jetcd's own retries (refused: UNAVAILABLE) and the request-timeout bound
        // (no answer in time) end together; two writes give that race two chances. Each must be 503.
        Map<String, ObjectNode> written = new LinkedHashMap<>();
        written.put("during-outage-1", doc("{\"name\":\"first\",\"blob\":\"" + "a".repeat(4_000) + "\"}"));
        written.put("during-outage-2", doc("{\"name\":\"second\",\"blob\":\"" + "b".repeat(4_000) + "\"}"));
        cluster.stop("etcd");
        long restartedAt;
        try {
            for (Map.Entry<String, ObjectNode> w : written.entrySet()) {
                long start = System.nanoTime();
                Answer answer = gateway.write(w.getKey(), w.getValue());
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, answer.status(), w.getKey() + " answered after " + tookMs + " ms: " + answer.body());
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
                JsonNode problem = answer.json();
                assertEquals(503, problem.path("status").asInt(), answer.body());
                assertEquals("urn:hybridstore:problem:unavailable", problem.path("type").asText(), answer.body());
                assertTrue(problem.path("detail").asText().contains("etcd"), "names etcd: " + answer.body());
                assertTrue(tookMs < 10_000, "bounded by the etcd request timeout (2 s), took " + tookMs + " ms");
                System.out.println("etcd outage: " + w.getKey() + " answered 503 in " + tookMs + " ms: " + problem.path("detail").asText());
            }
        } finally {
            cluster.start("etcd"); // waits until etcd answers its health check
            restartedAt = System.nanoTime();
        }
        // Both writes are in the WAL: the replay applies them now that etcd answers.
        for (Map.Entry<String, ObjectNode> w : written.entrySet()) {
            await(w.getKey() + " replayed", REPLAY_DEADLINE, () -> gateway.read(w.getKey()).status() == 200);
            assertEquals(w.getValue(), gateway.read(w.getKey()).json());
        }
        System.out.println("etcd outage: writes replayed " + (System.nanoTime() - restartedAt) / 1_000_000 + " ms after etcd restarted");
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "timed out after " + timeout + " waiting for " + what);
            Thread.sleep(250); // polling interval, not a delay the test depends on
        }
    }
}
