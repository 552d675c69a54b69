package io.hybridstore.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The auth settings the gateway refuses to start with. */
class AuthSettingsTest {

    @Test
    void keyCacheAndRegionAreChecked() {
        AuthWiring.validate(Duration.ofSeconds(5), "us-east-1");
        AuthWiring.validate(Duration.ZERO, "eu-central-1");
        assertThrows(IllegalArgumentException.class, () -> AuthWiring.validate(Duration.ofSeconds(-1), "us-east-1"));
        assertThrows(IllegalArgumentException.class, () -> AuthWiring.validate(Duration.ofHours(1), "us-east-1"));
        assertThrows(IllegalArgumentException.class, () -> AuthWiring.validate(Duration.ofSeconds(5), "US East"));
        assertThrows(IllegalArgumentException.class, () -> AuthWiring.validate(Duration.ofSeconds(5), ""));
    }
}
