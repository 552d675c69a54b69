package io.hybridstore.node.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** A 1 KiB maximum chunk and a reserve larger than any disk: 413 first, then 507, and readiness says no. */
@QuarkusTest
@TestProfile(Profiles.Limits.class)
class LimitsTest {

    @Test
    void aDeclaredOversizedBodyIs413BeforeAnythingElse() {
        given().header("Authorization", "Bearer " + Profiles.TOKEN).contentType(ContentType.BINARY).body(new byte[1025])
                .put("/chunks/too-big").then().statusCode(413).contentType(ChunkApi.PROBLEM_JSON)
                .body("type", equalTo("urn:hybridstore:problem:payload-too-large"));
    }

    @Test
    void aBatchOverItsByteLimitIs413BeforeItIsRead() {
        given().header("Authorization", "Bearer " + Profiles.TOKEN).contentType(ChunkApi.BATCH_MEDIA_TYPE).body(new byte[2049])
                .post("/chunks/_batch").then().statusCode(413).contentType(ChunkApi.PROBLEM_JSON)
                .body("detail", containsString("NODE_BATCH_MAX_BYTES"));
    }

    @Test
    void writesBelowTheReserveAre507AndTheNodeIsNotReady() {
        given().header("Authorization", "Bearer " + Profiles.TOKEN).contentType(ContentType.BINARY).body(new byte[10])
                .put("/chunks/no-room").then().statusCode(507).contentType(ChunkApi.PROBLEM_JSON)
                .body("type", equalTo("urn:hybridstore:problem:insufficient-storage"), "detail", containsString("reserve"));
        given().header("Authorization", "Bearer " + Profiles.TOKEN).head("/chunks/no-room").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'storage' }.data.freeSpaceAboveReserve", equalTo(false));
        given().get("/q/health/live").then().statusCode(200);
    }
}
