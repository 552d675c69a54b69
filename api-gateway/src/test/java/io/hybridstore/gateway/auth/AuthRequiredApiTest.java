package io.hybridstore.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gateway.auth.required=true (as in deploy/): no JSON or blob request without a valid key; admin, health and metrics as before. */
@QuarkusTest
@TestProfile(AuthRequiredApiTest.Required.class)
class AuthRequiredApiTest {

    public static class Required implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auth.required", "true");
        }
    }

    @Test
    void everyDataRequestNeedsAKey() {
        given().contentType("application/json").body("{\"key\":\"k1\",\"value\":{\"a\":1}}").post("/write")
                .then().statusCode(401).contentType("application/problem+json").body("title", equalTo("MissingSecurityHeader"));
        given().get("/read/k1").then().statusCode(401);
        given().body(new byte[] {1}).put("/blobs/required/x").then().statusCode(401);

        JsonPath key = AccessKeyApiTest.createKey("dave");
        String bearer = "Bearer " + key.getString("id") + ":" + key.getString("secret");
        given().header("Authorization", bearer).contentType("application/json").body("{\"key\":\"k1\",\"value\":{\"a\":1}}").post("/write")
                .then().statusCode(200);
        given().header("Authorization", bearer).get("/read/k1").then().statusCode(200).body("a", equalTo(1));

        given().header("Authorization", AccessKeyApiTest.ADMIN).delete("/admin/access-keys/" + key.getString("id")).then().statusCode(204);
        given().header("Authorization", bearer).get("/read/k1").then().statusCode(401).body("title", equalTo("InvalidAccessKeyId"));
    }

    /** A signed link's GET carries its own credential: no access key needed, but one that is sent is checked. */
    @Test
    void selfAuthenticatedResourcesNeedNoKey() {
        given().get("/test-self-authenticated").then().statusCode(200);
        given().header("Authorization", "Bearer HSNOSUCHKEY000000000:x").get("/test-self-authenticated").then().statusCode(401);
    }

    @Test
    void adminKeepsTheClusterTokenAndHealthStaysOpen() {
        given().header("Authorization", AccessKeyApiTest.ADMIN).get("/admin/access-keys").then().statusCode(200);
        given().get("/admin/access-keys").then().statusCode(401);
        given().header("Authorization", AccessKeyApiTest.ADMIN).body(new byte[] {7}).put("/blobs/required/operator").then().statusCode(200);
        given().header("Authorization", AccessKeyApiTest.ADMIN).get("/blobs/required/operator").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
