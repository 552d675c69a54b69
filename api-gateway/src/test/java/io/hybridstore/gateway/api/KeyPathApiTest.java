package io.hybridstore.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A key in a path is decoded exactly once, every character the key's own (io.hybridstore.common.write.KeyPaths),
 * on the document route and on the REST resources alike: each awkward key is written exactly (in a
 * JSON body, or as a blob named in its path and checked in the answer) and read back through its
 * percent-encoding on both paths. The route's counter tells which path a read took.
 */
@QuarkusTest
class KeyPathApiTest {

    /** {key, its path form}: the path form is sent as is (no client-side encoding). */
    private static final String[][] KEYS = {
            {"kp/plain-1", "kp/plain-1"},
            {"kp/a/b", "kp%2Fa%2Fb"},
            {"kp/100%41", "kp/100%2541"},
            {"kp/café", "kp/caf%C3%A9"},
            {"kp/a;x", "kp/a;x"},
            {"kp/dir/", "kp/dir/"},
            {"kp/a+b", "kp/a+b"},
            {"kp/a b", "kp/a%20b"},
    };

    /** Path forms that name no key: bytes that are not UTF-8, a dot segment. */
    private static final String[] REFUSED = {"kp/a%C3", "kp/caf%E9", "kp/a/../b"};

    @Inject
    DocumentRoute route;

    @TestHTTPResource("/")
    URI base;

    @Test
    void documentsReadBackByTheirKeyOnTheRouteAndOnTheResource() throws IOException {
        for (int i = 0; i < KEYS.length; i++) {
            given().contentType(ContentType.JSON).body("{\"key\":" + json(KEYS[i][0]) + ",\"value\":{\"i\":" + i + "}}").post("/write")
                    .then().statusCode(200).body("key", equalTo(KEYS[i][0]));
        }
        long before = route.taken();
        for (int i = 0; i < KEYS.length; i++) {
            raw().get("/read/" + KEYS[i][1]).then().statusCode(200).body("i", equalTo(i));
        }
        assertEquals(before + KEYS.length, route.taken(), "each plain read was the route's");
        for (int i = 0; i < KEYS.length; i++) {
            raw().get("/read/" + KEYS[i][1] + "?x=1").then().statusCode(200).body("i", equalTo(i));
            raw().accept("application/json;q=0.9").get("/read/" + KEYS[i][1]).then().statusCode(200).body("i", equalTo(i));
            raw().auth().oauth2(DeadLetterApiTest.TOKEN).get("/admin/objects/" + KEYS[i][1]).then().statusCode(200)
                    .body("key", equalTo(KEYS[i][0]));
            // Through a socket: the HTTP client would merge the '//' of kp/dir//info.
            String info = RawHttp.exchange(base, "GET /objects/" + KEYS[i][1] + "/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(info.startsWith("HTTP/1.1 200") && info.contains("\"key\":" + json(KEYS[i][0])), KEYS[i][0] + ": " + info);
        }
        assertEquals(before + KEYS.length, route.taken(), "a query or a q-value: the resource's");
        assertEquals(8, KEYS.length);
    }

    /** The mangled reads of a path parameter decoded twice, or cut at ';' or a trailing '/', name other keys. */
    @Test
    void theKeysADoubleDecodeWouldHaveReadAreOthers() {
        given().contentType(ContentType.JSON).body("{\"key\":\"kp/100A\",\"value\":{\"wrong\":1}}").post("/write").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"key\":\"kp/dot\",\"value\":{\"wrong\":1}}").post("/write").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"key\":\"kp/dot;x\",\"value\":{\"right\":1}}").post("/write").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"key\":\"kp/100%41\",\"value\":{\"right\":1}}").post("/write").then().statusCode(200);
        for (String query : new String[] {"", "?x=1"}) {
            raw().get("/read/kp/100%2541" + query).then().statusCode(200).body("right", equalTo(1));
            raw().get("/read/kp/dot;x" + query).then().statusCode(200).body("right", equalTo(1));
            raw().get("/read/kp/dot/" + query).then().statusCode(404);
        }
    }

    /** Sent through a socket: an HTTP client refuses to send a malformed escape. */
    @Test
    void keyPathsThatNameNoKeyAreBadRequestsOnBothPaths() throws IOException {
        long before = route.taken();
        int cases = 0;
        for (String path : REFUSED) {
            for (String request : new String[] {"GET /read/" + path, "GET /read/" + path + "?x=1", "GET /blobs/" + path, "DELETE /objects/" + path}) {
                String answer = RawHttp.exchange(base, request + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 400"), request + ": " + answer);
                assertTrue(answer.contains(ProblemMapper.PROBLEM_JSON) && answer.contains(ErrorCode.BAD_REQUEST.typeUri()), request + ": " + answer);
                cases++;
            }
        }
        assertEquals(12, cases);
        assertEquals(before + REFUSED.length, route.taken());
        // A malformed escape is not a URI: the HTTP layer (Quarkus) refuses it, without a body, before any of ours sees it.
        for (String request : new String[] {"GET /read/kp/a%zz", "GET /read/kp/a%zz?x=1", "PUT /blobs/kp/a%2"}) {
            String answer = RawHttp.exchange(base, request + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), request + ": " + answer);
        }
        assertEquals(before + REFUSED.length, route.taken());
    }

    @Test
    void blobsAreNamedAndReadByTheirKeyDecodedOnce() {
        int cases = 0;
        for (String[] key : KEYS) {
            byte[] data = ("blob " + key[0]).getBytes(StandardCharsets.UTF_8);
            String path = "/blobs/b" + key[1];
            raw().body(data).put(path).then().statusCode(200).body("name", equalTo("b" + key[0]));
            assertArrayEquals(data, raw().get(path).then().statusCode(200).extract().asByteArray(), key[0]);
            raw().head(path).then().statusCode(200);
            raw().delete(path).then().statusCode(200).body("name", equalTo("b" + key[0]));
            raw().get(path).then().statusCode(404);
            cases++;
        }
        assertEquals(KEYS.length, cases);
    }

    /** UTF-8 sent raw in the request line (not percent-encoded) reads the same key as its escapes. */
    @Test
    void rawUtf8OnTheWireIsTheSameKey() throws IOException {
        given().contentType(ContentType.JSON).body("{\"key\":\"kp/raw-été\",\"value\":{\"raw\":1}}").post("/write").then().statusCode(200);
        raw().get("/read/kp/raw-%C3%A9t%C3%A9").then().statusCode(200).body("raw", equalTo(1));
        for (String query : new String[] {"", "?x=1"}) {
            String answer = RawHttp.exchange(base, "GET /read/kp/raw-été" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("{\"raw\":1}"), answer);
        }
    }

    /** A request whose path goes out exactly as written. */
    private static RequestSpecification raw() {
        return given().urlEncodingEnabled(false);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
