package io.hybridstore.io.etcd;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.common.spi.MetadataFeed;
import io.hybridstore.common.spi.MetadataStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The feed contract against a real etcd. */
class EtcdMetadataFeedContractTest extends MetadataFeedContract {

    private static EtcdServer server;
    private static EtcdConnection etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        server = EtcdServer.start(Files.createTempDirectory("etcd-feed-contract"));
        etcd = EtcdConnection.connect(List.of(server.endpoint()), "/feed", Duration.ofSeconds(5));
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
    protected MetadataStore store() {
        return new EtcdMetadataStore(etcd);
    }

    @Override
    protected MetadataFeed feed() {
        return new EtcdMetadataFeed(etcd);
    }
}
