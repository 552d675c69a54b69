package io.hybridstore.e2e.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.e2e.MissingApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access keys against the real gateway process and its etcd: the key the local cluster made and put
 * in cluster.env works, a key created through /admin/access-keys works at once and stops at once
 * when revoked, a wrong secret is refused (credentials sent are checked even with auth not required).
 */
class AccessKeyEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalCluster cluster;
    private static URI gateway;

    @BeforeAll
    static void cluster() {
        cluster = LocalCluster.shared();
        MissingApps.check(!cluster.gatewayNames().isEmpty() && cluster.nodeNames().size() == 8,
                "needs the api-gateway and storage-node jars; the shared cluster runs " + cluster.processNames());
        gateway = cluster.url(cluster.gatewayNames().get(0));
    }

    @Test
    void theLocalClustersKeyIsInClusterEnvAndWorks() throws Exception {
        String id = cluster.accessKeyId().orElseThrow();
        String secret = cluster.secretAccessKey().orElseThrow();
        String env = Files.readString(cluster.baseDir().resolve("cluster.env"));
        assertTrue(env.contains("export AWS_ACCESS_KEY_ID=" + id + "\n"), "cluster.env names the key");
        assertTrue(env.contains("export AWS_SECRET_ACCESS_KEY=" + secret + "\n"), "cluster.env has its secret");

        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        assertEquals(200, send("PUT", "/blobs/e2e-auth/local-key", "Bearer " + id + ":" + secret, data).statusCode());
        HttpResponse<byte[]> back = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/blobs/e2e-auth/local-key"))
                .header("Authorization", "Bearer " + id + ":" + secret).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, back.statusCode());
        assertArrayEquals(data, back.body());

        HttpResponse<String> wrong = send("PUT", "/blobs/e2e-auth/wrong", "Bearer " + id + ":" + secret + "x", new byte[] {1});
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("SignatureDoesNotMatch"), wrong.body());
    }

    @Test
    void aKeyCreatedInEtcdWorksAtOnceAndStopsAtOnceWhenRevoked() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/access-keys"))
                .header("Authorization", "Bearer " + cluster.clusterToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\":\"e2e\"}")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = field(created.body(), "id");
        String bearer = "Bearer " + id + ":" + field(created.body(), "secret");
        assertEquals(200, send("PUT", "/blobs/e2e-auth/new-key", bearer, new byte[] {1, 2, 3}).statusCode());

        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/access-keys"))
                .header("Authorization", "Bearer " + cluster.clusterToken()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(listed.body().contains(id) && !listed.body().contains("secret"), listed.body());

        HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/access-keys/" + id))
                .header("Authorization", "Bearer " + cluster.clusterToken()).DELETE().timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, revoked.statusCode());
        HttpResponse<String> after = send("PUT", "/blobs/e2e-auth/new-key-2", bearer, new byte[] {4});
        assertEquals(401, after.statusCode(), after.body());
        assertTrue(after.body().contains("InvalidAccessKeyId"), after.body());
    }

    private static HttpResponse<String> send(String method, String path, String authorization, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }
}
