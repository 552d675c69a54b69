package io.hybridstore.io.etcd;

import io.hybridstore.cluster.EtcdServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The usage counters against a real etcd (one server for the class). */
class EtcdUsageCountersContractTest extends UsageCountersContract {

    private static EtcdServer server;
    private static EtcdConnection etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        server = EtcdServer.start(Files.createTempDirectory("etcd-usage-contract"));
        etcd = EtcdConnection.connect(List.of(server.endpoint()), "/usage-contract", Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Stores newStores() {
        return new Stores(new EtcdMetadataStore(etcd), new EtcdUsageStore(etcd));
    }
}
