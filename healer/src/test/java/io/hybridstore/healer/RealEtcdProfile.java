package io.hybridstore.healer;

import io.hybridstore.cluster.EtcdServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The real backend against a real etcd process (no storage nodes registered, so nothing to repair). */
public class RealEtcdProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Etcd.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("healer.backend", "real", "cluster.token", "test-token", "etcd.prefix", "/healer-wiring",
                "healer.lease-ttl", "3s");
    }

    public static class Etcd implements QuarkusTestResourceLifecycleManager {
        static volatile String endpoint;
        private EtcdServer server;

        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("healer-etcd");
                server = EtcdServer.start(dir);
                endpoint = server.endpoint();
                return Map.of("etcd.endpoints", endpoint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
