package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the launcher hands its processes: command lines, config files, environments. */
class RenderingTest {
    @Test
    void kafkaIsOneKraftNodeOnLoopback() {
        Map<String, String> p = KafkaConfig.properties(Path.of("/data/kafka"), 19092, 19093, Map.of());
        assertEquals("broker,controller", p.get("process.roles"));
        assertEquals("1@127.0.0.1:19093", p.get("controller.quorum.voters"));
        assertEquals("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093", p.get("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:19092", p.get("advertised.listeners"));
        assertEquals("/data/kafka", p.get("log.dirs"));
        assertEquals("1", p.get("offsets.topic.replication.factor"));
        assertEquals(Integer.toString(KafkaConfig.MAX_MESSAGE_BYTES), p.get("message.max.bytes"));
        String rendered = KafkaConfig.render(p);
        assertTrue(rendered.contains("\nlisteners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n"), rendered);
    }

    @Test
    void kafkaOverridesWin() {
        assertEquals("7", KafkaConfig.properties(Path.of("/d"), 1, 2, Map.of("num.partitions", "7")).get("num.partitions"));
    }

    @Test
    void kafkaRunsInItsOwnJvmWithTheMarkerBeforeTheLongClasspath() {
        List<String> command = KafkaBroker.command("/a.jar:/b.jar", Path.of("/run/kafka/server.properties"), "/run/kafka/");
        assertEquals("-Dhybridstore.member.dir=/run/kafka/", command.get(1));
        assertTrue(command.contains("-Xmx512m"));
        assertEquals(List.of("-cp", "/a.jar:/b.jar", "io.hybridstore.cluster.BrokerMain", "/run/kafka/server.properties"),
                command.subList(command.size() - 5, command.size() - 1));
        assertEquals(22, command.getLast().length(), "a Kafka cluster id (16 bytes, base64url): " + command.getLast());
    }

    @Test
    void etcdIsOneFastMemberOnLoopback() {
        List<String> command = EtcdServer.command(Path.of("/usr/bin/etcd"), Path.of("/run/etcd/data"), 12379, 12380);
        String line = String.join(" ", command);
        assertTrue(line.startsWith("/usr/bin/etcd --name etcd --data-dir /run/etcd/data "), line);
        assertTrue(line.contains("--listen-client-urls http://127.0.0.1:12379 --advertise-client-urls http://127.0.0.1:12379"), line);
        assertTrue(line.contains("--initial-cluster etcd=http://127.0.0.1:12380"), line);
        assertTrue(line.contains("--heartbeat-interval 10 --election-timeout 100"), line);
        assertTrue(line.contains("--auto-compaction-mode periodic --auto-compaction-retention 5m"), line);
        assertTrue(line.contains("--quota-backend-bytes 2147483648"), line);
    }

    @Test
    void etcdRunsOnTwoGoProcessorsWithSmallBackendBatchesAndReadsNoOtherEtcdVariable() {
        Map<String, String> env = new LinkedHashMap<>(Map.of("ETCD_ENDPOINTS", "http://127.0.0.1:2379", "ETCD_BIN", "/x/etcd", "PATH", "/bin"));
        EtcdServer.environment(env);
        assertEquals(Map.of("PATH", "/bin", "GOMAXPROCS", "2", "ETCD_BACKEND_BATCH_LIMIT", "384"), env);
        Map<String, String> exported = new LinkedHashMap<>(Map.of("GOMAXPROCS", "1", "ETCD_BACKEND_BATCH_LIMIT", "10000"));
        EtcdServer.environment(exported);
        assertEquals("1", exported.get("GOMAXPROCS"), "an exported GOMAXPROCS wins (an A/B by env)");
        assertEquals("10000", exported.get("ETCD_BACKEND_BATCH_LIMIT"), "an exported batch limit wins (an A/B by env)");
    }

    @Test
    void storageNodeEnvironment() {
        Layout.Slot node = new Layout.Slot("node-3", Role.STORAGE_NODE, 8083, 0, "zone-c");
        Map<String, String> env = AppEnv.of(node, "http://127.0.0.1:2379", "127.0.0.1:9092", "tok", Path.of("/run/node-3/data"));
        assertEquals(Map.of("QUARKUS_HTTP_PORT", "8083", "QUARKUS_HTTP_HOST", "127.0.0.1", "ETCD_ENDPOINTS", "http://127.0.0.1:2379",
                "CLUSTER_TOKEN", "tok", "NODE_ID", "node-3", "NODE_DATA_DIR", "/run/node-3/data", "NODE_ZONE", "zone-c",
                "NODE_URL", "http://127.0.0.1:8083"), env);
    }

    @Test
    void gatewayAndHealerEnvironment() {
        Layout.Slot gateway = new Layout.Slot("gateway-1", Role.GATEWAY, 8080, 9000, null);
        Map<String, String> env = AppEnv.of(gateway, "http://127.0.0.1:2379", "127.0.0.1:9092", "tok", Path.of("/d"));
        assertEquals("127.0.0.1:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("9000", env.get("GATEWAY_S3_PORT"));
        assertEquals("127.0.0.1", env.get("GATEWAY_S3_HOST"));
        assertEquals("gateway-1", env.get("GATEWAY_ID"));
        assertFalse(env.containsKey("NODE_ID"));
        Layout.Slot healer = new Layout.Slot("healer-2", Role.HEALER, 8092, 0, null);
        assertEquals("healer-2", AppEnv.of(healer, "e", "k", "tok", Path.of("/d")).get("HEALER_ID"));
    }

    @Test
    void clusterEnvIsSourceable() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ETCD_ENDPOINTS", "http://127.0.0.1:2379");
        vars.put("CLUSTER_TOKEN", "a-b_c");
        String rendered = ClusterEnv.render(vars);
        assertTrue(rendered.contains("\nexport ETCD_ENDPOINTS=http://127.0.0.1:2379\nexport CLUSTER_TOKEN=a-b_c\n"), rendered);
        assertThrows(IllegalArgumentException.class, () -> ClusterEnv.render(Map.of("X", "a b;rm")));
    }
}
