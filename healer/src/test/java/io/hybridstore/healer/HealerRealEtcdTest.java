package io.hybridstore.healer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.repair.HealerStatus;
import io.hybridstore.io.etcd.EtcdConnection;
import io.hybridstore.io.etcd.EtcdHealerState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wiring of the real adapters: election, state and readiness against a real etcd. */
@QuarkusTest
@TestProfile(RealEtcdProfile.class)
class HealerRealEtcdTest {

    @Test
    void winsTheElectionRunsPassesAndStoresItsStatusInEtcd() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/status").jsonPath().getLong("pass.number") < 2) {
            assertTrue(System.nanoTime() < deadline, "no pass within 30 s: " + given().get("/status").asString());
            Thread.sleep(100); // polling interval, not a delay the test depends on
        }
        given().get("/status").then().statusCode(200).body("leader", equalTo(true));
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].status", equalTo("UP"));
        try (EtcdConnection etcd = EtcdConnection.connect(List.of(RealEtcdProfile.Etcd.endpoint), "/healer-wiring", Duration.ofSeconds(3))) {
            HealerStatus stored = new EtcdHealerState(etcd).loadStatus().orElseThrow();
            assertEquals("healer-test", stored.healerId());
            assertTrue(stored.leader());
            var leaderKeys = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes(etcd.keys().healerElection()),
                    io.etcd.jetcd.options.GetOption.builder().isPrefix(true).build()), "get election");
            assertEquals(1, leaderKeys.getKvs().size(), "one candidacy key: ours");
            assertEquals("healer-test", EtcdConnection.text(leaderKeys.getKvs().get(0).getValue()));
        }
    }
}
