package io.hybridstore.node.contract;

import io.hybridstore.cluster.Ports;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.io.http.HttpChunkStore;
import io.hybridstore.node.NodeConfig;
import io.hybridstore.node.testing.Corruption;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/** The HTTP client against this module's node, running on the test port: the client's contract test. */
@QuarkusTest
@TestProfile(Profiles.Standalone.class)
class HttpChunkStoreContractTest extends ChunkStoreContract {
    private static final Vertx VERTX = Vertx.vertx();
    private static final HttpChunkStore STORE = new HttpChunkStore(VERTX, Profiles.TOKEN, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @AfterAll
    static void closeVertx() {
        STORE.close();
        VERTX.close();
    }

    @Inject
    NodeConfig.Node nodeConfig;

    @TestHTTPResource("/")
    URL base;

    @Override
    protected ChunkStore store() {
        return STORE;
    }

    @Override
    protected NodeInfo node() {
        return new NodeInfo("test-node", base.toString(), "", 0, 0, 0, 0, "test");
    }

    @Override
    protected NodeInfo deadNode() {
        return new NodeInfo("dead", "http://127.0.0.1:" + Ports.free(), "", 0, 0, 0, 0, "test");
    }

    @Override
    protected void corrupt(String chunkId) throws Exception {
        Corruption.flipDataByte(nodeConfig.dataDir(), chunkId, 100);
    }
}
