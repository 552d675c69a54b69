package io.hybridstore.node;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.io.NetworkTransport;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The node's chunk API runs on Netty's epoll transport, as application.properties asks, and serves a chunk over it. */
@QuarkusTest
@TestProfile(Profiles.Standalone.class)
class NetworkTransportWiringTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.vertx.prefer-native-transport")
    boolean preferNative;

    @Test
    void theNodeServesChunksOnEpoll() {
        NetworkTransport transport = NetworkTransport.of(vertx, preferNative);
        assertEquals("epoll", transport.name(), "cause: " + vertx.unavailableNativeTransportCause());
        assertTrue(transport.describe().contains(NetworkTransport.SWITCH + "=false selects Java NIO"), transport.describe());
        assertChunkRoundTrip("over-epoll");
    }

    static void assertChunkRoundTrip(String id) {
        byte[] data = new byte[70_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        given().header("Authorization", "Bearer " + Profiles.TOKEN).contentType(ContentType.BINARY).body(data)
                .put("/chunks/" + id).then().statusCode(200);
        assertArrayEquals(data, given().header("Authorization", "Bearer " + Profiles.TOKEN).get("/chunks/" + id)
                .then().statusCode(200).extract().asByteArray());
    }
}
