package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.hybridstore.common.error.ErrorCode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the HTTP API over the in-memory fakes (test profile: {@code gateway.backend=memory},
 * body limit 1M). No Docker, no etcd, no Kafka.
 */
@QuarkusTest
class GatewayApiTest {

    private static final String DOC = "{\"name\":\"Ada\",\"n\":1.50,\"bio\":\"" + "b".repeat(300) + "\",\"u\":\"日本語 ✓\"}";

    @Test
    void writeThenReadReturnsTheDocumentAsWritten() {
        String version = given().contentType(ContentType.JSON).body("{\"key\":\"api/1\",\"value\":" + DOC + "}")
                .post("/write")
                .then().statusCode(200)
                .body("key", equalTo("api/1"))
                .body("state", equalTo("clean"))
                .header("Server-Timing", containsString("wal;dur="))
                .header("Server-Timing", containsString("meta;dur="))
                .extract().path("version");
        String body = given().get("/read/api/1")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("ETag", "\"" + version + "\"")
                .header("Server-Timing", containsString("fetch;dur="))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(DOC, body);
    }

    @Test
    void adminShowsTheMetadata() {
        given().contentType(ContentType.JSON).body("{\"key\":\"api-admin\",\"value\":" + DOC + "}").post("/write").then().statusCode(200);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/objects/api-admin")
                .then().statusCode(200)
                .body("state", equalTo("CLEAN"))
                .body("hot.replicas.size()", equalTo(3))
                .body("cold.shards.size()", equalTo(6))
                .body("fieldOrder[2]", equalTo("bio"));
    }

    @Test
    void badInputsAreProblemsAndStoreNothing() {
        problem("{\"key\":\"x\",\"value\":", 400, ErrorCode.BAD_REQUEST);
        problem("{\"key\":\"x\",\"value\":[1]}", 400, ErrorCode.BAD_REQUEST);
        problem("{\"key\":\"\",\"value\":{}}", 400, ErrorCode.BAD_REQUEST);
        problem("{\"key\":\"a\\u0001b\",\"value\":{}}", 400, ErrorCode.BAD_REQUEST);
        problem("{\"key\":\"" + "k".repeat(513) + "\",\"value\":{}}", 400, ErrorCode.BAD_REQUEST);
        problem("{\"value\":{}}", 400, ErrorCode.BAD_REQUEST);
        problem("{\"key\":\"x\",\"value\":{\"a\":1,\"a\":2}}", 400, ErrorCode.BAD_REQUEST);
        problem("{\"key\":\"big\",\"value\":{\"s\":\"" + "x".repeat(1 << 20) + "\"}}", 413, ErrorCode.PAYLOAD_TOO_LARGE);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/objects/x").then().statusCode(404);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/objects/big").then().statusCode(404);
    }

    @Test
    void absentAndDeletedAre404Problems() {
        given().get("/read/nope").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(ErrorCode.NOT_FOUND.typeUri()))
                .body("status", equalTo(404));
        given().contentType(ContentType.JSON).body("{\"key\":\"gone\",\"value\":{\"a\":1}}").post("/write").then().statusCode(200);
        given().delete("/objects/gone").then().statusCode(200).body("state", equalTo("deleted"));
        given().get("/read/gone").then().statusCode(404);
        given().delete("/objects/gone").then().statusCode(404);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/objects/gone").then().statusCode(200).body("state", equalTo("DELETED"));
    }

    @Test
    void readyAndMetered() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().contentType(ContentType.JSON).body("{\"key\":\"m\",\"value\":{\"a\":1}}").post("/write").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("hybridstore_gateway_phase_seconds"));
    }

    private static void problem(String body, int status, ErrorCode code) {
        given().contentType(ContentType.JSON).body(body).post("/write")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(code.typeUri()))
                .body("title", equalTo(code.title()))
                .body("detail", notNullValue());
    }
}
