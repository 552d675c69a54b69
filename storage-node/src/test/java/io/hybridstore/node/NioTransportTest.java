package io.hybridstore.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hybridstore.io.NetworkTransport;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With the switch off the node starts on Java NIO, says so (no warning: it was asked for), and serves chunks. */
@QuarkusTest
@TestProfile(Profiles.Nio.class)
class NioTransportTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.vertx.prefer-native-transport")
    boolean preferNative;

    @Test
    void theSwitchOffSelectsNio() {
        assertFalse(preferNative);
        NetworkTransport transport = NetworkTransport.of(vertx, preferNative);
        assertEquals(NetworkTransport.NIO, transport.name());
        assertFalse(transport.fellBack());
        assertEquals("network transport: Java NIO (" + NetworkTransport.SWITCH + "=false)", transport.describe());
        NetworkTransportWiringTest.assertChunkRoundTrip("over-nio");
    }
}
