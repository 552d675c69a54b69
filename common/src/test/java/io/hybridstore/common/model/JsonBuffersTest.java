package io.hybridstore.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.split.CanonicalJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parsers and generators on short-lived virtual threads, as the gateway runs requests, reuse one
 * set of buffers through the shared pool instead of allocating a set per thread.
 */
class JsonBuffersTest {

    @Test
    void theMappersShareThePool() {
        assertSame(JsonBuffers.pool(), CanonicalJson.mapper().getFactory()._getRecyclerPool());
    }

    @Test
    void buffersReleasedOnOneVirtualThreadServeTheNext() throws Exception {
        int before = JsonBuffers.pool().pooledCount();
        for (int i = 0; i < 50; i++) {
            int n = i;
            Thread t = Thread.ofVirtual().start(() -> {
                byte[] json = ModelJson.toBytes(Map.of("n", n, "text", "x".repeat(3000)));
                assertEquals(n, ModelJson.fromBytes(json, Map.class).get("n"));
                assertTrue(CanonicalJson.mapper().valueToTree(Map.of("n", n)).has("n"));
            });
            t.join();
        }
        int after = JsonBuffers.pool().pooledCount();
        assertTrue(after >= 1, "a released set is kept for the next parser");
        assertTrue(after - before <= 2, "50 threads one after another reused a set or two, not one each: " + before + " -> " + after);
        assertTrue(after <= JsonBuffers.RETAINED);
    }
}
