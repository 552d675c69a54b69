package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /report} over the in-memory backend: the counters follow the writes; a prefix without counters is a 400 naming it. */
@QuarkusTest
class ReportApiTest {

    @Test
    void aPrefixWithoutCountersIsABadRequestNamingTheParameter() {
        List<String> refused = List.of("rep", "a/b/c/", "a/b", "a/b/c/d/");
        for (String prefix : refused) {
            given().queryParam("prefix", prefix).get("/report").then().statusCode(400)
                    .contentType(ProblemMapper.PROBLEM_JSON)
                    .body("type", equalTo("urn:hybridstore:problem:bad-request"))
                    .body("detail", containsString("prefix"));
        }
    }

    @Test
    void aReportCountsTheWritesUnderItsPrefix() {
        String doc = "{\"name\":\"Ada\",\"bio\":\"" + "b".repeat(400) + "\"}";
        given().contentType(ContentType.JSON).body("{\"key\":\"report-test/one\",\"value\":" + doc + "}").post("/write").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"key\":\"report-test/two\",\"value\":" + doc + "}").post("/write").then().statusCode(200);
        given().queryParam("prefix", "report-test/").get("/report").then().statusCode(200)
                .body("prefix", equalTo("report-test/"))
                .body("objects.document.clean", equalTo(2))
                .body("objects.blob.clean", equalTo(0))
                .body("objectsTotal", equalTo(2))
                .body("overheadRatio", notNullValue())
                .body("dedupSavedBytes", nullValue());
        given().get("/report").then().statusCode(200)
                .body("prefix", equalTo(""))
                .body("dedupSavedBytes", notNullValue());
    }

    @Test
    void aRecountIsForTheOperatorReadsThePrefixsRecordsAndAnswersTheReport() {
        String doc = "{\"name\":\"Ada\"}";
        given().contentType(ContentType.JSON).body("{\"key\":\"recount-test/one\",\"value\":" + doc + "}").post("/write").then()
                .statusCode(200);
        given().queryParam("prefix", "recount-test/").post("/admin/report/recount").then().statusCode(401);
        given().header("Authorization", "Bearer " + DeadLetterApiTest.TOKEN).queryParam("prefix", "recount-test/")
                .post("/admin/report/recount").then().statusCode(200)
                .body("prefix", equalTo("recount-test/"))
                .body("records", equalTo(1))
                .body("corrections", equalTo(0))
                .body("report.objects.document.clean", equalTo(1));
        given().header("Authorization", "Bearer " + DeadLetterApiTest.TOKEN).queryParam("prefix", "recount-test")
                .post("/admin/report/recount").then().statusCode(400).body("detail", containsString("prefix"));
    }
}
