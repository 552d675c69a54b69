package io.hybridstore.gateway.auth;

import io.hybridstore.common.auth.CachingAccessKeyStore;
import io.hybridstore.common.auth.sigv4.SigV4Verifier;
import io.hybridstore.common.auth.sigv4.SigningKeys;
import io.hybridstore.common.spi.AccessKeyStore;
import io.hybridstore.common.spi.TimeSource;
import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.gateway.infra.Backend;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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

    @Produces
    @Singleton
    SigV4Verifier sigV4Verifier(AccessKeyStore keys, GatewayConfig config) {
        return new SigV4Verifier(keys::find, config.gateway().s3().region(), new SigningKeys(SIGNING_KEYS));
    }
}
