package io.hybridstore.node.testing;

import io.hybridstore.cluster.EtcdServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real etcd process (from local-cluster) for the node under test to register in. */
public class TestEtcd implements QuarkusTestResourceLifecycleManager {
    private static volatile EtcdServer server;

    public static EtcdServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = EtcdServer.start(Files.createTempDirectory(Path.of("target"), "etcd-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("etcd.endpoints", server.endpoint());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
