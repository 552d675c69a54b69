package io.hybridstore.gateway.infra;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.io.NetworkTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The gateway's Vert.x (its HTTP server, its node client) runs on Netty's epoll transport, as application.properties asks. */
@QuarkusTest
class NetworkTransportWiringTest {

    @Inject
    Vertx vertx;

    @Test
    void theGatewayServesOnEpoll() {
        assertEquals("epoll", NetworkTransport.of(vertx, true).name(), "cause: " + vertx.unavailableNativeTransportCause());
        given().get("/q/health/live").then().statusCode(200);
    }
}
