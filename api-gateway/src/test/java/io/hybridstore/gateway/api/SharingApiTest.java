package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.hybridstore.common.error.ErrorCode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wiring of labels, access rules and signed links over the in-memory fakes (test profile). */
@QuarkusTest
class SharingApiTest {

    private static final String DOC = "{\"name\":\"Ada\",\"bio\":\"" + "b".repeat(300) + "\"}";

    private static String write(String key) {
        return given().contentType(ContentType.JSON).body("{\"key\":\"" + key + "\",\"value\":" + DOC + "}").post("/write")
                .then().statusCode(200).extract().path("version");
    }

    private static ValidatableResponse patch(String key, String ifMatch, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.patch("/objects/" + key).then();
    }

    private static void problem(ValidatableResponse response, ErrorCode code, String detail) {
        response.statusCode(code.httpStatus()).contentType("application/problem+json")
                .body("type", equalTo(code.typeUri())).body("detail", containsString(detail));
    }

    @Test
    void aGuardedPatchAppliesOnceAndAStaleGuardIs412() {
        String v1 = write("labels/a");
        String v2 = patch("labels/a", "\"" + v1 + "\"", "{\"tags\":{\"add\":[\"red\",\"big\"]},\"alias\":\"A\"}")
                .statusCode(200)
                .body("state", equalTo("patched"))
                .body("labels.tags", hasItems("big", "red"))
                .body("labels.alias", equalTo("A"))
                .body("access.effective", equalTo("private"))
                .body("access.source", equalTo("fallback"))
                .extract().path("version");
        assertNotEquals(v1, v2, "a patch takes a new version");
        problem(patch("labels/a", "\"" + v1 + "\"", "{\"tags\":{\"remove\":[\"red\"]}}"), ErrorCode.PRECONDITION_FAILED, "not " + v1);
        given().get("/read/labels/a").then().statusCode(200).header("ETag", "\"" + v2 + "\"");
        patch("labels/a", null, "{\"tags\":{\"remove\":[\"red\"]}}").statusCode(200).body("labels.tags", equalTo(java.util.List.of("big")));
    }

    @Test
    void badPatchesAreProblemsNamingTheMember() {
        write("labels/bad");
        problem(patch("labels/bad", null, "{\"owner\":\"x\"}"), ErrorCode.BAD_REQUEST, "unknown member owner");
        problem(patch("labels/bad", null, "{\"tags\":"), ErrorCode.BAD_REQUEST, "malformed JSON");
        problem(patch("labels/bad", null, "{\"contentType\":\"nope\"}"), ErrorCode.BAD_REQUEST, "contentType");
        problem(patch("labels/bad", null, "{\"tags\":{\"add\":[\"a b\"]}}"), ErrorCode.BAD_REQUEST, "tag");
        problem(patch("labels/bad", "banana", "{\"alias\":\"x\"}"), ErrorCode.BAD_REQUEST, "If-Match");
        problem(patch("labels/none", null, "{\"alias\":\"x\"}"), ErrorCode.NOT_FOUND, "no object labels/none");
    }

    @Test
    void aPrefixRuleMakesKeysPublicAndTheObjectsLabelOverridesIt() {
        write("shared/doc");
        given().get("/objects/shared/doc/access").then().statusCode(200).body("effective", equalTo("private"));
        given().contentType(ContentType.JSON).body("{\"prefix\":\"shared/\",\"access\":\"public\"}").put("/admin/access/rules")
                .then().statusCode(401);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).contentType(ContentType.JSON).body("{\"prefix\":\"shared/\",\"access\":\"public\"}")
                .put("/admin/access/rules").then().statusCode(200);
        given().get("/objects/shared/doc/access").then().statusCode(200)
                .body("effective", equalTo("public")).body("source", equalTo("prefix")).body("rule", equalTo("shared/"))
                .body("anonymousRead", equalTo(true));
        patch("shared/doc", null, "{\"access\":\"private\"}").statusCode(200)
                .body("access.effective", equalTo("private")).body("access.source", equalTo("object"));
        problem(given().auth().oauth2(DeadLetterApiTest.TOKEN).contentType(ContentType.JSON).body("{\"prefix\":\"x\",\"access\":\"all\"}")
                .put("/admin/access/rules").then(), ErrorCode.BAD_REQUEST, "access must be");
        given().auth().oauth2(DeadLetterApiTest.TOKEN).queryParam("prefix", "shared/").delete("/admin/access/rules").then().statusCode(204);
    }

    @Test
    void aLinkReadsADocumentUntilRevokedAndAnAlteredOneIs403() {
        String version = write("links/doc");
        String url = given().contentType(ContentType.JSON).body("{\"expiresIn\":\"PT10M\"}").post("/objects/links/doc/links")
                .then().statusCode(201).body("version", equalTo("latest")).extract().path("url");
        String body = given().get(url).then().statusCode(200).header("ETag", "\"" + version + "\"").extract().asString();
        assertEquals(DOC, body);
        // The signature's second-to-last character changed (the last one may carry padding bits), to one it is not.
        char before = url.charAt(url.length() - 2);
        String altered = url.substring(0, url.length() - 2) + (before == 'A' ? 'B' : 'A') + url.charAt(url.length() - 1);
        assertNotEquals(url, altered);
        problem(given().get(altered).then(), ErrorCode.FORBIDDEN, "signature");
        given().delete(url).then().statusCode(204);
        problem(given().get(url).then(), ErrorCode.FORBIDDEN, "revoked");
    }

    @Test
    void aLinkToOneVersionEndsWithTheNextWrite() {
        String version = write("links/pinned");
        String url = given().contentType(ContentType.JSON).body("{\"version\":\"" + version + "\"}").post("/objects/links/pinned/links")
                .then().statusCode(201).extract().path("url");
        given().get(url).then().statusCode(200);
        patch("links/pinned", null, "{\"tags\":{\"add\":[\"x\"]}}").statusCode(200);
        problem(given().get(url).then(), ErrorCode.NOT_FOUND, "no longer at version " + version);
    }

    @Test
    void aBlobLinkStreamsWithRangesAndTheLabelsContentType() {
        byte[] bytes = new byte[5000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        given().contentType("application/octet-stream").body(bytes).put("/blobs/links/blob.bin").then().statusCode(200);
        patch("links/blob.bin", null, "{\"contentType\":\"image/png\"}").statusCode(200);
        String url = given().post("/objects/links/blob.bin/links").then().statusCode(201).extract().path("url");
        byte[] part = given().header("Range", "bytes=10-19").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 10-19/5000").contentType("image/png").extract().asByteArray();
        assertEquals(10, part.length);
        assertEquals((byte) 10, part[0]);
    }

    @Test
    void badLinkRequestsAreProblems() {
        write("links/bad");
        problem(given().contentType(ContentType.JSON).body("{\"expiresIn\":\"P8D\"}").post("/objects/links/bad/links").then(),
                ErrorCode.BAD_REQUEST, "at most");
        problem(given().contentType(ContentType.JSON).body("{\"expiresIn\":\"soon\"}").post("/objects/links/bad/links").then(),
                ErrorCode.BAD_REQUEST, "ISO-8601");
        problem(given().contentType(ContentType.JSON).body("{\"ttl\":\"PT1H\"}").post("/objects/links/bad/links").then(),
                ErrorCode.BAD_REQUEST, "unknown member ttl");
        problem(given().contentType(ContentType.JSON).body("{\"version\":\"9-9\"}").post("/objects/links/bad/links").then(),
                ErrorCode.PRECONDITION_FAILED, "not 9-9");
        problem(given().post("/objects/links/missing/links").then(), ErrorCode.NOT_FOUND, "no object");
        problem(given().get("/links/garbage").then(), ErrorCode.FORBIDDEN, "not a link token");
    }

    @Test
    void afterARotationOldLinksWorkUntilTheirKeyIsRemoved() {
        write("links/rotate");
        Map<String, Object> first = given().post("/objects/links/rotate/links").then().statusCode(201).extract().as(Map.class);
        String newKid = given().auth().oauth2(DeadLetterApiTest.TOKEN).post("/admin/links/keys").then().statusCode(201)
                .extract().path("kid");
        Map<String, Object> second = given().post("/objects/links/rotate/links").then().statusCode(201).extract().as(Map.class);
        assertEquals(newKid, second.get("kid"), "the new key signs");
        given().get((String) first.get("url")).then().statusCode(200);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/links/keys").then().statusCode(200)
                .body("kid", hasItems(first.get("kid"), newKid)).body("secret", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
        given().auth().oauth2(DeadLetterApiTest.TOKEN).delete("/admin/links/keys/" + first.get("kid")).then().statusCode(204);
        problem(given().get((String) first.get("url")).then(), ErrorCode.FORBIDDEN, "signature");
        given().get((String) second.get("url")).then().statusCode(200);
    }

    @Test
    void theSyncSurfaceNeedsTheTokenAndNamesBadParameters() {
        given().get("/admin/sync/uploads").then().statusCode(401);
        given().auth().oauth2(DeadLetterApiTest.TOKEN).queryParam("olderThan", "PT0S").get("/admin/sync/uploads")
                .then().statusCode(200).body("uploads.size()", equalTo(0));
        problem(given().auth().oauth2(DeadLetterApiTest.TOKEN).queryParam("olderThan", "an hour").get("/admin/sync/uploads").then(),
                ErrorCode.BAD_REQUEST, "olderThan");
        problem(given().auth().oauth2(DeadLetterApiTest.TOKEN).queryParam("limit", "5000").get("/admin/sync/uploads").then(),
                ErrorCode.BAD_REQUEST, "limit");
        problem(given().auth().oauth2(DeadLetterApiTest.TOKEN).delete("/admin/sync/uploads/none").then(), ErrorCode.NOT_FOUND, "none");
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/sync/orphans").then().statusCode(200).body("reported", equalTo(false));
    }

    @Test
    void keysEndingInARouteWordStillPatchAndDelete() {
        write("trap/links");
        write("trap/access");
        patch("trap/links", null, "{\"alias\":\"t\"}").statusCode(200).body("key", equalTo("trap/links"));
        given().delete("/objects/trap/links").then().statusCode(200);
        given().delete("/objects/trap/access").then().statusCode(200);
    }
}
