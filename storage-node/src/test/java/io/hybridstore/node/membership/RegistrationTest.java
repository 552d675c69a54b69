package io.hybridstore.node.membership;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.kv.GetResponse;
import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.node.testing.Profiles;
import io.hybridstore.node.testing.TestEtcd;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node registers in a real etcd, keeps its record current, and comes back after losing its lease. */
@QuarkusTest
@TestProfile(Profiles.WithEtcd.class)
class RegistrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL base;

    private EtcdConnection etcd;

    @BeforeEach
    void connect() {
        etcd = EtcdConnection.connect(List.of(TestEtcd.server().endpoint()), "/hybridstore", Duration.ofSeconds(2));
    }

    @AfterEach
    void disconnect() {
        etcd.close();
    }

    @Test
    void theNodeAppearsWithItsInfoAndIsReady() {
        NodeInfo info = awaitRecord("the node record", r -> true);
        assertEquals("test-node", info.id());
        assertEquals(base.toString().replaceAll("/$", ""), info.url(), "the real port is advertised");
        assertEquals("zone-a", info.zone());
        assertTrue(info.capacityBytes() > 0 && info.startedAt() > 0 && !info.version().isBlank(), info.toString());
        assertTrue(leaseOf() != 0, "attached to a lease");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void usedBytesAndChunkCountAreRefreshed() {
        long before = awaitRecord("the node record", r -> true).chunkCount();
        given().header("Authorization", "Bearer " + Profiles.TOKEN).contentType(ContentType.BINARY).body(new byte[4321])
                .put("/chunks/reg-count").then().statusCode(200);
        NodeInfo after = awaitRecord("the record to count the new chunk", r -> r.chunkCount() == before + 1);
        assertTrue(after.usedBytes() >= 4321);
    }

    @Test
    void aLostLeaseIsReplacedByANewRegistration() {
        long lease = leaseOf();
        etcd.await(etcd.client().getLeaseClient().revoke(lease), "revoke"); // as if it had expired
        awaitRecord("re-registration under a new lease", r -> leaseOf() != 0 && leaseOf() != lease);
    }

    @Test
    void reRegistersAfterEtcdRestartsFromAnEmptyDataDir() throws Exception {
        awaitRecord("the node record", r -> true);
        TestEtcd.server().kill();
        await("readiness to drop once the lease cannot be kept", () -> given().get("/q/health/ready").statusCode() == 503);
        deleteRecursively(TestEtcd.server().dataDir());
        TestEtcd.server().start(Duration.ofSeconds(30));
        NodeInfo back = awaitRecord("the record in the new etcd", r -> true);
        assertEquals("test-node", back.id());
        await("readiness after re-registering", () -> given().get("/q/health/ready").statusCode() == 200);
    }

    private long leaseOf() {
        GetResponse response = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/hybridstore/nodes/test-node")), "get");
        return response.getKvs().isEmpty() ? 0 : response.getKvs().get(0).getLease();
    }

    private Optional<NodeInfo> record() {
        GetResponse response = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/hybridstore/nodes/test-node")), "get");
        return response.getKvs().stream().findFirst().map(kv -> ModelJson.fromBytes(kv.getValue().getBytes(), NodeInfo.class));
    }

    private NodeInfo awaitRecord(String what, java.util.function.Predicate<NodeInfo> condition) {
        NodeInfo[] found = new NodeInfo[1];
        await(what, () -> {
            Optional<NodeInfo> r = record();
            r.ifPresent(n -> found[0] = n);
            return r.isPresent() && condition.test(r.get());
        });
        return found[0];
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // etcd restarting: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
