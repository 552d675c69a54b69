package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.split.CanonicalJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Wiring of the blob API over the in-memory fakes (default blob settings: replicated up to 1 MiB,
 * 4 MiB stripes): streaming PUT, GET with ranges and ETag, HEAD, DELETE, the form upload and its
 * download, and the problem answers for bad input.
 */
@QuarkusTest
class BlobApiTest {

    static {
        // Send Content-Type exactly as given (RestAssured would append "; charset=ISO-8859-1").
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void putGetHeadRangeDeleteOfAStripedBlob() {
        byte[] data = bytes((9 << 20) + 123); // 3 stripes
        String sha = CanonicalJson.sha256Hex(data);
        given().contentType("video/mp4").body(data).put("/blobs/videos/cat 1.mp4")
                .then().statusCode(200)
                .header("ETag", "\"" + sha + "\"")
                .body("state", equalTo("clean"))
                .body("size", equalTo(data.length))
                .body("stripes", equalTo(3))
                .body("sha256", equalTo(sha));
        Response got = given().get("/blobs/videos/cat 1.mp4");
        assertEquals(200, got.statusCode());
        assertEquals("video/mp4", got.contentType());
        assertEquals("\"" + sha + "\"", got.header("ETag"));
        assertEquals("bytes", got.header("Accept-Ranges"));
        assertArrayEquals(data, got.asByteArray());

        Response part = given().header("Range", "bytes=4194300-4194310").get("/blobs/videos/cat 1.mp4");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 4194300-4194310/" + data.length, part.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(data, 4194300, 4194311), part.asByteArray());

        given().head("/blobs/videos/cat 1.mp4").then().statusCode(200)
                .header("Content-Length", String.valueOf(data.length)).header("ETag", "\"" + sha + "\"");
        given().header("If-None-Match", "\"" + sha + "\"").get("/blobs/videos/cat 1.mp4").then().statusCode(304);
        given().header("Range", "bytes=" + data.length + "-").get("/blobs/videos/cat 1.mp4")
                .then().statusCode(416).contentType(ProblemMapper.PROBLEM_JSON)
                .body("type", equalTo(ErrorCode.RANGE_NOT_SATISFIABLE.typeUri()));

        given().delete("/blobs/videos/cat 1.mp4").then().statusCode(200).body("state", equalTo("deleted"));
        given().get("/blobs/videos/cat 1.mp4").then().statusCode(404).contentType(ProblemMapper.PROBLEM_JSON);
        given().delete("/blobs/videos/cat 1.mp4").then().statusCode(404);
    }

    @Test
    void smallAndEmptyBlobsAreReplicated() {
        byte[] small = bytes(1000);
        given().body(small).put("/blobs/s").then().statusCode(200).body("stripes", equalTo(0));
        Response got = given().get("/blobs/s");
        assertEquals("application/octet-stream", got.contentType());
        assertArrayEquals(small, got.asByteArray());
        given().body(new byte[0]).put("/blobs/empty").then().statusCode(200).body("size", equalTo(0));
        given().get("/blobs/empty").then().statusCode(200).header("Content-Length", "0");
        given().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/objects/s").then().statusCode(200).body("hot.replicas.size()", equalTo(3))
                .body("blob.size", equalTo(1000));
    }

    @Test
    void aFormUploadIsStoredUnderItsFileNameAndDownloadsAsAnAttachment() {
        byte[] data = bytes((1 << 20) + 5);
        given().multiPart("file", "C:\\Users\\ada\\report 7.pdf", data, "application/pdf").post("/upload")
                .then().statusCode(200).body("name", equalTo("report 7.pdf")).body("stripes", equalTo(1));
        Response got = given().get("/blob/report 7.pdf");
        assertEquals(200, got.statusCode());
        assertEquals("application/pdf", got.contentType());
        assertEquals("attachment; filename=\"report 7.pdf\"; filename*=UTF-8''report%207.pdf", got.header("Content-Disposition"));
        assertArrayEquals(data, got.asByteArray());
        // A name that is not ASCII: an ASCII fallback and the exact UTF-8 form (RFC 6266).
        given().body(data).put("/blobs/docs/été.pdf").then().statusCode(200);
        assertEquals("attachment; filename=\"_t_.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9.pdf",
                given().get("/blob/docs/été.pdf").header("Content-Disposition"));
        given().post("/upload").then().statusCode(415);
        given().multiPart("other", "x.txt", "x".getBytes(StandardCharsets.UTF_8)).post("/upload")
                .then().statusCode(400).contentType(ProblemMapper.PROBLEM_JSON).body("detail", containsString("file"));
    }

    @Test
    void badNamesAndWrongKindsAreProblems() {
        given().body(new byte[1]).put("/blobs/" + "n".repeat(1025)).then().statusCode(400)
                .contentType(ProblemMapper.PROBLEM_JSON).body("type", equalTo(ErrorCode.BAD_REQUEST.typeUri()));
        given().urlEncodingEnabled(false).body(new byte[1]).put("/blobs/a%01b").then().statusCode(400).contentType(ProblemMapper.PROBLEM_JSON);
        given().contentType("application/json").body("{\"key\":\"doc-not-blob\",\"value\":{\"a\":1}}").post("/write").then().statusCode(200);
        given().get("/blobs/doc-not-blob").then().statusCode(409).body("type", equalTo(ErrorCode.KIND_MISMATCH.typeUri()));
        given().body(new byte[3]).put("/blobs/blob-not-doc").then().statusCode(200);
        given().get("/read/blob-not-doc").then().statusCode(409).body("detail", containsString("GET /blobs/"));
        given().delete("/objects/blob-not-doc").then().statusCode(409);
        given().get("/blobs/nothing-here").then().statusCode(404);
    }
}
