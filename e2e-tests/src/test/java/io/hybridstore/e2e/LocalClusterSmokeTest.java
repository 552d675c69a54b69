package io.hybridstore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.KafkaBroker;
import io.hybridstore.cluster.LocalCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The launcher against real processes: etcd, the Kafka broker and whichever app jars are built.
 * Destructive tests run last and leave every process running again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterSmokeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.shared();
    }

    @Test
    @Order(1)
    void etcdAnswersHealth() throws Exception {
        HttpResponse<String> health = get(URI.create(cluster.etcdEndpoints() + "/health"));
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"true\""), health.body());
    }

    @Test
    @Order(2)
    void walTopicExists() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrap(),
                "request.timeout.ms", 5_000, "default.api.timeout.ms", 10_000))) {
            assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(KafkaBroker.WAL_TOPIC));
        }
    }

    @Test
    @Order(3)
    void clusterEnvNamesTheEndpointsAndToken() throws Exception {
        String env = Files.readString(cluster.baseDir().resolve("cluster.env"));
        assertTrue(env.contains("export ETCD_ENDPOINTS=" + cluster.etcdEndpoints() + "\n"), env);
        assertTrue(env.contains("export KAFKA_BOOTSTRAP_SERVERS=" + cluster.kafkaBootstrap() + "\n"), env);
        assertTrue(env.contains("export CLUSTER_TOKEN=" + cluster.clusterToken() + "\n"), env);
    }

    @Test
    @Order(4)
    void everyAppIsReady() throws Exception {
        List<String> apps = cluster.processNames().stream().filter(n -> !n.equals("etcd") && !n.equals("kafka")).toList();
        for (String app : apps) {
            assertEquals(200, get(URI.create(cluster.url(app) + "/q/health/ready")).statusCode(), app);
        }
    }

    /** Each app logs its network transport once at start (NetworkTransport); on this Linux x86_64 machine, epoll. */
    @Test
    @Order(5)
    void everyAppSaysItRunsOnEpoll() throws Exception {
        List<String> apps = cluster.processNames().stream().filter(n -> !n.equals("etcd") && !n.equals("kafka")).toList();
        assertFalse(apps.isEmpty(), "no app in the cluster");
        for (String app : apps) {
            List<String> said = Files.readAllLines(cluster.logFile(app)).stream().filter(l -> l.contains("network transport:")).toList();
            assertFalse(said.isEmpty(), app + " never said its network transport");
            assertTrue(said.stream().allMatch(l -> l.contains("network transport: epoll")), app + ": " + said);
        }
    }

    @Test
    @Order(6)
    void aKilledStorageNodeComesBackOnItsPortAndDataDir() throws Exception {
        MissingApps.check(!cluster.nodeNames().isEmpty(), "storage-node jar not built: no node to kill");
        String node = cluster.nodeNames().get(cluster.nodeNames().size() - 1);
        URI url = cluster.url(node);
        long pid = cluster.pid(node).orElseThrow();

        cluster.kill(node);
        assertFalse(cluster.isRunning(node));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "SIGKILLed JVM still alive");

        cluster.start(node);
        assertEquals(url, cluster.url(node));
        assertTrue(Files.isDirectory(cluster.dataDir(node)), "data dir " + cluster.dataDir(node));
        assertEquals(200, get(URI.create(url + "/q/health/ready")).statusCode());
    }

    @Test
    @Order(7)
    void etcdKeepsItsDataAcrossKillAndRestart() throws Exception {
        // etcd 3.4's JSON gateway, base64 key "smoke" and value "ok".
        assertTrue(post(cluster.etcdEndpoints() + "/v3/kv/put", "{\"key\":\"c21va2U=\",\"value\":\"b2s=\"}").contains("revision"));
        long pid = cluster.pid("etcd").orElseThrow();

        cluster.kill("etcd");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "SIGKILLed etcd still alive");
        assertFalse(cluster.isHealthy("etcd"));

        cluster.start("etcd");
        assertTrue(cluster.isHealthy("etcd"));
        assertTrue(post(cluster.etcdEndpoints() + "/v3/kv/range", "{\"key\":\"c21va2U=\"}").contains("b2s="));
        // Storage nodes are ready only with a live etcd lease: they must re-register by themselves.
        cluster.awaitHealthy(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String post(String url, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
