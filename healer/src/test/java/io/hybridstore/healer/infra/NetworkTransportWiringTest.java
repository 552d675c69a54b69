package io.hybridstore.healer.infra;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.io.NetworkTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The healer's Vert.x (its node client, its console) runs on Netty's epoll transport, as application.properties asks. */
@QuarkusTest
class NetworkTransportWiringTest {

    @Inject
    Vertx vertx;

    @Test
    void theHealerServesOnEpoll() {
        assertEquals("epoll", NetworkTransport.of(vertx, true).name(), "cause: " + vertx.unavailableNativeTransportCause());
        given().get("/q/health/live").then().statusCode(200);
    }
}
