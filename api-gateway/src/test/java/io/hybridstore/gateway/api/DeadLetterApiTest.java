package io.hybridstore.gateway.api;

import static io.hybridstore.gateway.Fixture.doc;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore.DeadLetter;
import io.hybridstore.common.write.WalRecord;
import io.hybridstore.gateway.infra.Backend;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's dead-letter commands over the in-memory backend, and the cluster token that guards /admin/*. */
@QuarkusTest
class DeadLetterApiTest {

    static final String TOKEN = "test-admin-token";

    @Inject
    Backend backend;

    private final Version first = new Version(0, 900_001);
    private final Version second = new Version(0, 900_002);
    private byte[] payload;

    @BeforeEach
    void twoLetters() {
        backend.deadLetters().list(1000).forEach(l -> backend.deadLetters().remove(l.version()));
        payload = WalRecord.put("dl-key", doc("{\"a\":1}"), "r", 1, "dead-gateway").toBytes();
        backend.deadLetters().put(new DeadLetter(first, "dl-key", "UNEXPECTED", "java.lang.IllegalStateException: a bug", 5, 1000,
                "gateway-1", payload.length), payload);
        backend.deadLetters().put(new DeadLetter(second, "junk", "CORRUPT", "unreadable WAL record", 1, 2000, "gateway-1", 4),
                "junk".getBytes());
    }

    @Test
    void theAdminSurfaceNeedsTheClusterToken() {
        given().get("/admin/dead-letters").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:hybridstore:problem:unauthorized"));
        given().auth().oauth2("wrong").get("/admin/dead-letters").then().statusCode(401);
        given().get("/admin/objects/anything").then().statusCode(401);
        given().auth().oauth2("wrong").post("/admin/dead-letters/" + first + "/redrive").then().statusCode(401);
        given().delete("/admin/dead-letters/" + first).then().statusCode(401);
        assertEquals(2, backend.deadLetters().count(), "nothing was changed without the token");
    }

    @Test
    void listShowsTheLettersInWalOrderWithoutPayloads() {
        given().auth().oauth2(TOKEN).get("/admin/dead-letters").then().statusCode(200)
                .body("waiting", equalTo(2))
                .body("letters.id", equalTo(java.util.List.of("0-900001", "0-900002")))
                .body("letters[0].key", equalTo("dl-key"))
                .body("letters[0].code", equalTo("UNEXPECTED"))
                .body("letters[0].attempts", equalTo(5))
                .body("letters[0].payload", equalTo(null));
        String shown = given().auth().oauth2(TOKEN).get("/admin/dead-letters/" + first).then().statusCode(200)
                .body("reason", containsString("a bug")).extract().path("payload");
        assertEquals(new String(payload), new String(Base64.getDecoder().decode(shown)));
    }

    @Test
    void redriveAppliesThroughTheWriterAndRemovesTheLetter() {
        given().auth().oauth2(TOKEN).post("/admin/dead-letters/" + first + "/redrive").then().statusCode(200)
                .body("outcome", equalTo("applied")).body("key", equalTo("dl-key"));
        assertTrue(backend.deadLetters().get(first).isEmpty());
        given().get("/read/dl-key").then().statusCode(200).body("a", equalTo(1));
        given().auth().oauth2(TOKEN).post("/admin/dead-letters/" + first + "/redrive").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aRedriveThatFailsKeepsTheLetterAndAnswersProblemJson() {
        given().auth().oauth2(TOKEN).post("/admin/dead-letters/" + second + "/redrive").then()
                .contentType("application/problem+json").body("type", equalTo("urn:hybridstore:problem:corrupt"));
        assertTrue(backend.deadLetters().get(second).isPresent());
    }

    @Test
    void discardRemovesTheLetterUnapplied() {
        given().auth().oauth2(TOKEN).delete("/admin/dead-letters/" + second).then().statusCode(204);
        given().auth().oauth2(TOKEN).delete("/admin/dead-letters/" + second).then().statusCode(404);
        given().auth().oauth2(TOKEN).get("/admin/dead-letters/not-a-version").then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals(1, backend.deadLetters().count());
    }
}
