package io.hybridstore.io.etcd;

import io.hybridstore.cluster.EtcdServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** One etcd server for a test class, and a connection to it on its own key prefix. */
record TestEtcd(EtcdServer server, EtcdConnection connection) implements AutoCloseable {

    static TestEtcd start(String prefix) throws IOException {
        EtcdServer server = EtcdServer.start(Files.createTempDirectory("etcd" + prefix.replace('/', '-')));
        try {
            return new TestEtcd(server, EtcdConnection.connect(List.of(server.endpoint()), prefix, Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        connection.close();
        server.close();
    }
}
