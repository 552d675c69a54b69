package io.hybridstore.io.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.cluster.Ports;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.etcd.EtcdConnection;
import io.etcd.jetcd.ByteSequence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side of membership against a real etcd. */
class EtcdNodeDirectoryTest {

    @Test
    void listsLiveNodesSortedSkipsBadRecordsAndCachesBriefly(@TempDir Path dir) {
        try (EtcdServer server = EtcdServer.start(dir);
                EtcdConnection etcd = EtcdConnection.connect(List.of(server.endpoint()), "/dir", Duration.ofSeconds(2))) {
            put(etcd, node("node-b"));
            put(etcd, node("node-a"));
            etcd.await(etcd.client().getKVClient().put(EtcdConnection.bytes(etcd.keys().node("broken")),
                    EtcdConnection.bytes("{not json")), "put");

            EtcdNodeDirectory directory = new EtcdNodeDirectory(etcd, Duration.ofMinutes(1));
            assertEquals(List.of("node-a", "node-b"), directory.liveNodes().stream().map(NodeInfo::id).toList());
            assertEquals(node("node-a"), directory.find("node-a").orElseThrow());

            put(etcd, node("node-c"));
            assertEquals(2, directory.liveNodes().size(), "served from the cache");
            directory.invalidate();
            assertEquals(3, directory.liveNodes().size());
        }
    }

    @Test
    void anUnreachableEtcdFailsWithinTheTimeout() {
        String dead = "http://127.0.0.1:" + Ports.free();
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(dead), "/dir", Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> new EtcdNodeDirectory(etcd, Duration.ofSeconds(1)).liveNodes());
            assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage()); // 503, whichever bound fired
            assertTrue(e.retryable(), e.code().toString());
            // The point is "bounded, not forever" (an unbounded jetcd call never returns): 1 s bound plus
            // client start-up and scheduling on a loaded 2-core machine (3.6 s seen at load 14).
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 6_000, "took " + tookMillis + " ms");
        }
    }

    private static NodeInfo node(String id) {
        return new NodeInfo(id, "http://127.0.0.1:9/" + id, "", 1, 0, 0, 0, "test");
    }

    private static void put(EtcdConnection etcd, NodeInfo node) {
        etcd.await(etcd.client().getKVClient().put(EtcdConnection.bytes(etcd.keys().node(node.id())),
                ByteSequence.from(ModelJson.toBytes(node))), "put");
    }
}
