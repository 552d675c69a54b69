package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Wiring of {@code GET /admin/inspect/{key}} over the in-memory fakes: every copy, behind the cluster token. */
@QuarkusTest
class InspectApiTest {

    @Test
    void inspectListsEveryCopyPresentWithItsChecksumOk() {
        String doc = "{\"name\":\"Ada\",\"bio\":\"" + "x".repeat(600) + "\"}";
        given().contentType(ContentType.JSON).body("{\"key\":\"inspect-me\",\"value\":" + doc + "}").post("/write")
                .then().statusCode(200);

        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/inspect/inspect-me")
                .then().statusCode(200)
                .body("key", equalTo("inspect-me"))
                .body("kind", equalTo("document"))
                .body("copies.size()", equalTo(9))
                .body("copies.present", everyItem(equalTo(true)))
                .body("copies.checksumOk", everyItem(equalTo(true)))
                .body("summary.healthy", equalTo(9));
    }

    @Test
    void inspectNeedsTheTokenAndAnswers404ForNoObject() {
        given().get("/admin/inspect/inspect-me").then().statusCode(401);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/inspect/never-written")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
