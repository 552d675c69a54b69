package io.hybridstore.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.split.CanonicalJson;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The admin key endpoints and access keys on the JSON and blob API with gateway.auth.required off
 * (the default): requests without credentials pass as before, credentials that are sent are checked
 * (Bearer and SigV4, with the signed or aws-chunked body verified as the blob streams in).
 */
@QuarkusTest
class AccessKeyApiTest {

    static final String ADMIN = "Bearer test-admin-token";

    @TestHTTPResource("/")
    URI base;

    static JsonPath createKey(String owner) {
        return given().header("Authorization", ADMIN).contentType("application/json").body("{\"owner\":\"" + owner + "\"}")
                .post("/admin/access-keys").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void createListRevokeBehindTheClusterToken() {
        given().contentType("application/json").body("{}").post("/admin/access-keys").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/admin/access-keys").then().statusCode(401);

        JsonPath key = createKey("alice");
        String id = key.getString("id");
        assertTrue(id.matches("[A-Z0-9]{20}"), id);
        assertEquals(40, key.getString("secret").length());
        assertEquals("alice", key.getString("owner"));

        given().header("Authorization", ADMIN).get("/admin/access-keys").then().statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.secret", nullValue())
                .body(not(containsString(key.getString("secret"))));

        given().header("Authorization", ADMIN).contentType("application/json").body("{\"owner\":\"no spaces\"}")
                .post("/admin/access-keys").then().statusCode(400);
        given().header("Authorization", ADMIN).post("/admin/access-keys").then().statusCode(201).body("owner", equalTo("admin"));

        given().header("Authorization", ADMIN).delete("/admin/access-keys/" + id).then().statusCode(204);
        given().header("Authorization", ADMIN).delete("/admin/access-keys/" + id).then().statusCode(404);
    }

    @Test
    void openWithoutCredentialsButCredentialsSentAreChecked() {
        JsonPath key = createKey("bob");
        String bearer = "Bearer " + key.getString("id") + ":" + key.getString("secret");
        given().body(new byte[] {1, 2, 3}).put("/blobs/auth-open/anonymous").then().statusCode(200);
        given().header("Authorization", bearer).body(new byte[] {4}).put("/blobs/auth-open/bearer").then().statusCode(200);
        given().header("Authorization", bearer).get("/blobs/auth-open/bearer").then().statusCode(200);

        given().header("Authorization", bearer + "x").body(new byte[] {5}).put("/blobs/auth-open/wrong")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("title", equalTo("SignatureDoesNotMatch"))
                .body("type", matchesPattern("urn:hybridstore:problem:auth:SignatureDoesNotMatch"));
        given().get("/blobs/auth-open/wrong").then().statusCode(404);

        given().header("Authorization", ADMIN).delete("/admin/access-keys/" + key.getString("id")).then().statusCode(204);
        given().header("Authorization", bearer).get("/blobs/auth-open/bearer").then().statusCode(401).body("title", equalTo("InvalidAccessKeyId"));
    }

    @Test
    void sigV4SignedBodiesAreVerifiedAsTheBlobStreamsIn() throws Exception {
        JsonPath key = createKey("carol");
        String id = key.getString("id");
        String secret = key.getString("secret");
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);

        HttpResponse<String> hex = SdkSigning.send("PUT", base.resolve("/blobs/auth-sigv4/hex%20signed"), id, secret, data, false, null);
        assertEquals(200, hex.statusCode(), hex.body());
        // The blob's SHA-256 is the one the signature verified (taken, not hashed again): the same value.
        assertTrue(hex.body().contains("\"sha256\":\"" + CanonicalJson.sha256Hex(data) + "\""), hex.body());
        assertArrayEquals(data, given().get("/blobs/auth-sigv4/hex signed").asByteArray());

        HttpResponse<String> chunked = SdkSigning.send("PUT", base.resolve("/blobs/auth-sigv4/chunked"), id, secret, data, true, null);
        assertEquals(200, chunked.statusCode(), chunked.body());
        assertArrayEquals(data, given().get("/blobs/auth-sigv4/chunked").asByteArray(), "stored decoded, not as aws-chunked framing");

        byte[] altered = data.clone();
        altered[data.length - 1] ^= 1;
        HttpResponse<String> tampered = SdkSigning.send("PUT", base.resolve("/blobs/auth-sigv4/tampered"), id, secret, data, false, altered);
        assertEquals(400, tampered.statusCode(), tampered.body());
        assertTrue(tampered.body().contains("XAmzContentSHA256Mismatch"), tampered.body());
        given().get("/blobs/auth-sigv4/tampered").then().statusCode(404);

        HttpResponse<String> wrong = SdkSigning.send("GET", base.resolve("/blobs/auth-sigv4/chunked"), id, secret + "x", null, false, null);
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("SignatureDoesNotMatch"), wrong.body());
        HttpResponse<String> read = SdkSigning.send("GET", base.resolve("/blobs/auth-sigv4/chunked"), id, secret, null, false, null);
        assertEquals(200, read.statusCode());
    }
}
