package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.gateway.infra.Backend;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Wiring of the catalogue over the in-memory fakes; the test profile indexes {@code status, owner, score}.
 * Tags are set through the metadata store (the PATCH that sets them is another change's).
 */
@QuarkusTest
class CatalogueApiTest {

    @Inject
    Backend backend;

    private static void write(String key, String value) {
        given().contentType(ContentType.JSON).body("{\"key\":\"" + key + "\",\"value\":" + value + "}").post("/write")
                .then().statusCode(200);
    }

    private void tag(String key, Set<String> tags) {
        MetadataStore.Stored stored = backend.metadata().get(key).orElseThrow();
        ObjectMetadata record = stored.metadata();
        assertEquals(true, backend.metadata().compareAndSet(record.withLabels(record.labels().withTags(tags)), stored));
    }

    @Test
    void listsDocumentsAndBlobsByTheirFiltersWithACursor() {
        write("cat/1", "{\"owner\":\"ada\",\"score\":5,\"status\":\"open\"}");
        write("cat/2", "{\"owner\":\"bob\",\"score\":7.0,\"status\":\"open\"}");
        write("cat/3", "{\"owner\":\"ada\",\"score\":9,\"status\":\"done\"}");
        // Without rest-assured's default "; charset=ISO-8859-1", so the type filter below reads as a user would write it.
        given().config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("image/png").body(new byte[] {1, 2, 3}).put("/blobs/cat/4.png").then().statusCode(200);
        tag("cat/3", Set.of("red", "big"));
        tag("cat/4.png", Set.of("red"));

        given().get("/objects?prefix=cat/&limit=3").then().statusCode(200)
                .body("items.key", equalTo(List.of("cat/1", "cat/2", "cat/3")))
                .body("items[0].kind", equalTo("document"))
                .body("items[0].state", equalTo("clean"))
                .body("items[0].contentType", equalTo("application/json"))
                .body("next", equalTo(io.hybridstore.gateway.catalogue.ListRequest.cursor("cat/3")));
        given().get("/objects?prefix=cat/&after=" + io.hybridstore.gateway.catalogue.ListRequest.cursor("cat/3")).then().statusCode(200)
                .body("items.key", equalTo(List.of("cat/4.png")))
                .body("items[0].kind", equalTo("blob"))
                .body("items[0].size", equalTo(3))
                .body("items[0].tags", equalTo(List.of("red")))
                .body("next", nullValue());
        given().get("/objects?prefix=cat/&field.owner=ada").then().statusCode(200).body("items.key", equalTo(List.of("cat/1", "cat/3")));
        given().get("/objects?prefix=cat/&field.score=7").then().statusCode(200).body("items.key", equalTo(List.of("cat/2")));
        given().get("/objects?prefix=cat/&field.score=6..9&field.status=open").then().statusCode(200)
                .body("items.key", equalTo(List.of("cat/2")));
        given().get("/objects?prefix=cat/&tag=red").then().statusCode(200).body("items.key", equalTo(List.of("cat/3", "cat/4.png")));
        given().get("/objects?prefix=cat/&tag=red&tag=big").then().statusCode(200).body("items.key", equalTo(List.of("cat/3")));
        given().get("/objects?prefix=cat/&kind=blob&type=image/png&size=1..3").then().statusCode(200)
                .body("items.key", equalTo(List.of("cat/4.png")));
        given().get("/objects?prefix=cat/&state=dirty,lost").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void infoAndHeadDescribeDocumentsAndBlobsAlike() {
        write("info/doc", "{\"owner\":\"ada\",\"text\":\"hello\"}");
        given().contentType("text/plain").body("hello blob").put("/blobs/info/blob.txt").then().statusCode(200);
        given().get("/objects/info/doc/info").then().statusCode(200)
                .body("key", equalTo("info/doc"))
                .body("kind", equalTo("document"))
                .body("fields.owner", equalTo("ada"))
                .body("created", containsString("T"));
        given().get("/objects/info/blob.txt/info").then().statusCode(200)
                .body("kind", equalTo("blob"))
                .body("size", equalTo(10))
                .body("contentType", containsString("text/plain"))
                .body("sha256", containsString(""));
        given().head("/objects/info/doc").then().statusCode(200)
                .header(CatalogueResource.KIND, "document")
                .header(CatalogueResource.STATE, "clean")
                .header("ETag", containsString("-"))
                .header("Last-Modified", containsString("GMT"));
        given().head("/objects/info/blob.txt").then().statusCode(200)
                .header(CatalogueResource.KIND, "blob")
                .header(CatalogueResource.SIZE, "10");
        given().head("/objects/info/none").then().statusCode(404);
        given().get("/objects/info/none/info").then().statusCode(404).contentType(ProblemMapper.PROBLEM_JSON);
    }

    @Test
    void badParametersAre400ProblemsNamingThem() {
        for (String[] c : new String[][] {{"colour=red", "colour"}, {"limit=1001", "limit"}, {"after=***", "after"},
                {"size=5..1", "size"}, {"modified=soon..", "modified"}, {"field.colour=red", "field.colour"}}) {
            given().get("/objects?" + c[0]).then().statusCode(400)
                    .contentType(ProblemMapper.PROBLEM_JSON)
                    .body("type", equalTo(ErrorCode.BAD_REQUEST.typeUri()))
                    .body("detail", containsString("parameter '" + c[1] + "'"));
        }
    }

    @Test
    void theIndexCompareAndRebuildAreAdminOnly() {
        write("idx/1", "{\"owner\":\"ada\"}");
        given().get("/admin/index").then().statusCode(401);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/index").then().statusCode(200)
                .body("missing", equalTo(0)).body("orphans", equalTo(0));
        given().auth().oauth2(DeadLetterApiTest.TOKEN).post("/admin/index/rebuild").then().statusCode(200)
                .body("repaired", equalTo(0));
    }
}
