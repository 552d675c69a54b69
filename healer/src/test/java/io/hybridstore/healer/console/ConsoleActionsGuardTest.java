package io.hybridstore.healer.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The actions turned on (as the local cluster does when asked), without a cluster: the guard in front of them. */
@QuarkusTest
@TestProfile(ConsoleActionsGuardTest.ActionsOn.class)
class ConsoleActionsGuardTest {

    public static class ActionsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("healer.console.actions-enabled", "true", "cluster.token", "s3cret",
                    "healer.console.cluster-dir", "target/no-cluster-here");
        }
    }

    @Test
    void theSnapshotSaysTheActionsAreOn() {
        given().get("/console/api/snapshot").then().statusCode(200).body("actions", equalTo(true));
    }

    @Test
    void noTokenOrAWrongOneIsUnauthorized() {
        given().post("/console/api/nodes/node-1/kill").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").post("/console/api/nodes/node-1/start").then().statusCode(401);
    }

    @Test
    void onlyStorageNodesByNameCanBeActedOn() {
        for (String name : new String[] {"etcd", "healer-1", "node-1;rm", "..%2Fnode-1", "node-"}) {
            given().header("Authorization", "Bearer s3cret").post("/console/api/nodes/" + name + "/kill").then()
                    .statusCode(org.hamcrest.Matchers.oneOf(400, 404));
        }
        given().header("Authorization", "Bearer s3cret").post("/console/api/nodes/etcd/kill").then().statusCode(400)
                .body("detail", containsString("only storage nodes"));
    }

    @Test
    void withoutALocalClusterTheActionIsUnavailableAndSaysWhy() {
        given().header("Authorization", "Bearer s3cret").post("/console/api/nodes/node-1/kill").then().statusCode(503)
                .body("detail", containsString("local cluster"));
    }
}
