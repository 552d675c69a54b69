package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a built (not started) cluster of `make run`'s fixed ports has: its processes, their URLs, and what cluster.env exports. */
class ClusterShapeTest {

    @Test
    void aFixedPortClusterHasItsProcessesInStartOrderAndExportsTheirEndpoints(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "not run");
        LocalCluster cluster = LocalCluster.builder().baseDir(dir.resolve("run")).fixedPorts(true).storageNodes(2).gateways(2)
                .healers(1).jar("storage-node", jar).jar("api-gateway", jar).jar("healer", jar).build();

        assertEquals(List.of("etcd", "kafka", "node-1", "node-2", "gateway-1", "gateway-2", "healer-1"), cluster.processNames());
        assertEquals(List.of("node-1", "node-2"), cluster.nodeNames());
        assertEquals(URI.create("http://127.0.0.1:8082"), cluster.url("node-2"));
        assertEquals(URI.create("http://127.0.0.1:9000"), cluster.s3Url("gateway-1"));
        assertEquals(URI.create("http://127.0.0.1:9001"), cluster.s3Url("gateway-2"));
        assertThrows(IllegalArgumentException.class, () -> cluster.s3Url("node-1"));
        assertThrows(IllegalArgumentException.class, () -> cluster.url("node-3"));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ETCD_ENDPOINTS", "http://127.0.0.1:2379");
        expected.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        expected.put("CLUSTER_TOKEN", cluster.clusterToken());
        expected.put("GATEWAY_URL", "http://127.0.0.1:8080");
        expected.put("S3_ENDPOINT", "http://127.0.0.1:9000");
        expected.put("NODE_URLS", "http://127.0.0.1:8081,http://127.0.0.1:8082");
        expected.put("NODE_IDS", "node-1,node-2");
        expected.put("HEALER_URLS", "http://127.0.0.1:8091");
        expected.put("HYBRIDSTORE_RUN_DIR", dir.resolve("run").toAbsolutePath().toString());
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(cluster.environment().entrySet()), "the same variables in the same order");
    }

    @Test
    void withoutKafkaOrGatewaysTheirVariablesAreLeftOut(@TempDir Path dir) {
        LocalCluster cluster = LocalCluster.builder().baseDir(dir).storageNodes(0).gateways(0).healers(0).kafka(false).build();
        assertEquals(List.of("etcd"), cluster.processNames());
        assertEquals(List.of("ETCD_ENDPOINTS", "CLUSTER_TOKEN", "NODE_URLS", "NODE_IDS", "HEALER_URLS", "HYBRIDSTORE_RUN_DIR"),
                List.copyOf(cluster.environment().keySet()));
        assertThrows(LocalClusterException.class, cluster::kafka);
    }
}
