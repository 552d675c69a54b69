package io.hybridstore.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real etcd process (the binary on the PATH). */
class EtcdServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void startsKillsAndRestartsWithItsData(@TempDir Path dir) throws Exception {
        try (EtcdServer etcd = EtcdServer.start(dir)) {
            assertTrue(etcd.isHealthy());
            // etcd 3.4's JSON gateway: key "hs" / value "ok", base64.
            assertTrue(post(etcd, "/v3/kv/put", "{\"key\":\"aHM=\",\"value\":\"b2s=\"}").contains("header"));
            long pid = etcd.pid().orElseThrow();

            etcd.kill();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(etcd.isHealthy());

            etcd.restart();
            assertTrue(etcd.isHealthy());
            assertTrue(post(etcd, "/v3/kv/range", "{\"key\":\"aHM=\"}").contains("b2s="), "data lost across the restart");
        }
    }

    private static String post(EtcdServer etcd, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(etcd.endpoint() + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
