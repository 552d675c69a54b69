package io.hybridstore.gateway.auth;

import io.hybridstore.common.auth.CachingAccessKeyStore;
import io.hybridstore.common.auth.sigv4.SigV4Verifier;
import io.hybridstore.common.auth.sigv4.SigningKeys;
import io.hybridstore.common.spi.AccessKeyStore;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.infra.Backend;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** CDI wiring of authentication: the one (cached) key store and the SigV4 verifier over it. */
@Singleton
public class AuthWiring {

    /** Signing keys kept: one per key, day and region in use; a key signs all its requests of a day with one. */
    private static final int SIGNING_KEYS = 1024;

    /** The key store every authenticator and the admin endpoints use: reads cached for gateway.auth.key-cache. */
    @Produces
    @Singleton
    AccessKeyStore accessKeys(Backend backend, GatewayConfig config, TimeSource time) {
        return new CachingAccessKeyStore(backend.accessKeys(), config.gateway().auth().keyCache(), time::nanoTime);
    }

    /** Checks the settings at start-up, so a bad GATEWAY_AUTH_* or GATEWAY_S3_REGION stops the gateway, not its first request. */
    void validate(@Observes StartupEvent start, GatewayConfig config) {
        validate(config.gateway().auth().keyCache(), config.gateway().s3().region());
    }

    static void validate(Duration keyCache, String region) {
        if (keyCache.isNegative() || keyCache.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("gateway.auth.key-cache must be between 0s and 10m (it bounds how long a revoked key "
                    + "keeps working), not " + keyCache);
        }
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("gateway.s3.region must be a region name like us-east-1, not '" + region + "'");
        }
    }

    @Produces
    @Singleton
    SigV4Verifier sigV4Verifier(AccessKeyStore keys, GatewayConfig config) {
        return new SigV4Verifier(keys::find, config.gateway().s3().region(), new SigningKeys(SIGNING_KEYS));
    }
}
