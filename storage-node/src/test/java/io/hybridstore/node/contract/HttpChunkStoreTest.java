package io.hybridstore.node.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.http.HttpChunkStore;
import io.hybridstore.node.NodeConfig;
import io.hybridstore.node.testing.Corruption;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import io.vertx.core.Vertx;
import java.net.URL;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What the HTTP client adds beyond the shared contract: large chunks, SHA-256, auth and size errors. */
@QuarkusTest
@TestProfile(Profiles.Standalone.class)
class HttpChunkStoreTest {
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

    private NodeInfo node() {
        return new NodeInfo("test-node", base.toString(), "", 0, 0, 0, 0, "test");
    }

    @Test
    void carriesLargeChunksBothWays() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        STORE.put(node(), "http-large", data, sha);
        assertArrayEquals(data, STORE.get(node(), "http-large"));
    }

    @Test
    void classifiesTheNodesErrors() throws Exception {
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> STORE.put(node(), "http-sha", new byte[] {1}, "00".repeat(32))).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> STORE.get(node(), "../x")).code());
        long max = nodeConfig.maxChunkSize().asLongValue();
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(StoreException.class,
                () -> STORE.put(node(), "http-big", new byte[(int) max + 1], null)).code());
        HttpChunkStore wrongToken = new HttpChunkStore(VERTX, "not-the-token", Duration.ofSeconds(1), Duration.ofSeconds(5));
        // The node answers 401; to the client of the node that is its own misconfiguration (500), not a caller's 401.
        StoreException refused = assertThrows(StoreException.class, () -> wrongToken.get(node(), "x"));
        assertEquals(ErrorCode.INTERNAL, refused.code());
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("CLUSTER_TOKEN"), refused.getMessage());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> STORE.get(node(), "http-none")).code());
    }

    @Test
    void corruptionSurfacesThroughHeadAndGet() throws Exception {
        STORE.put(node(), "http-rot-head", new byte[100], null);
        STORE.put(node(), "http-rot-stream", new byte[100], null);
        Corruption.flipDataByte(nodeConfig.dataDir(), "http-rot-stream", 5);
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> STORE.get(node(), "http-rot-stream")).code());
        // A damaged header is visible without reading data: HEAD says CORRUPT.
        Corruption.flipHeaderByte(nodeConfig.dataDir(), "http-rot-head", 10);
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> STORE.head(node(), "http-rot-head")).code());
    }
}
