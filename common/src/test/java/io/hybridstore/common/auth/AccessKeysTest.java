package io.hybridstore.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.memory.InMemoryAccessKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Key shapes, the revocation bound of the cache, and the Bearer scheme of the JSON API. */
class AccessKeysTest {

    @Test
    void keysLookLikeAwsKeysAndDoNotRepeat() {
        AccessKeyGenerator generator = new AccessKeyGenerator(new SecureRandom(), Clock.fixed(Instant.ofEpochMilli(7), ZoneOffset.UTC));
        Set<String> ids = new HashSet<>();
        int count = 1000;
        for (int i = 0; i < count; i++) {
            AccessKey key = generator.next("alice");
            assertTrue(key.id().matches("[A-Z0-9]{20}"), key.id());
            assertTrue(key.secret().matches("[A-Za-z0-9+/]{40}"), "secret shape");
            assertEquals(7, key.createdAt());
            assertFalse(key.toString().contains(key.secret()), "toString hides the secret");
            ids.add(key.id());
        }
        assertEquals(count, ids.size());
    }

    @Test
    void ownersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryAccessKeyStore().create("bad owner"));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryAccessKeyStore().create(""));
    }

    /** A key revoked elsewhere (the store underneath) works here for at most the TTL; revoked here, at once. */
    @Test
    void revocationIsSeenWithinTheTtl() {
        AtomicLong now = new AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        InMemoryAccessKeyStore store = new InMemoryAccessKeyStore();
        var counting = new io.hybridstore.common.spi.AccessKeyStore() {
            public Optional<AccessKey> find(String id) {
                reads.incrementAndGet();
                return store.find(id);
            }

            public AccessKey create(String owner) {
                return store.create(owner);
            }

            public java.util.List<AccessKey> list() {
                return store.list();
            }

            public boolean revoke(String id) {
                return store.revoke(id);
            }
        };
        CachingAccessKeyStore cache = new CachingAccessKeyStore(counting, Duration.ofSeconds(5), now::get);
        AccessKey key = cache.create("alice");
        assertTrue(cache.find(key.id()).isPresent());
        assertTrue(cache.find(key.id()).isPresent());
        assertEquals(1, reads.get(), "the second lookup came from the cache");

        store.revoke(key.id());
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertTrue(cache.find(key.id()).isPresent(), "within the TTL a key revoked elsewhere still works");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(cache.find(key.id()).isEmpty(), "after the TTL it does not");

        AccessKey other = cache.create("bob");
        assertTrue(cache.find(other.id()).isPresent());
        assertTrue(cache.revoke(other.id()));
        assertTrue(cache.find(other.id()).isEmpty(), "revoked through the cache: at once");
        assertFalse(cache.revoke(other.id()));
    }

    @Test
    void bearerKeyAndSecret() {
        InMemoryAccessKeyStore store = new InMemoryAccessKeyStore();
        AccessKey key = store.create("alice");
        Caller caller = BearerKey.authenticate("Bearer " + key.id() + ":" + key.secret(), store);
        assertEquals(Optional.of("alice"), caller.owner());
        assertTrue(BearerKey.isBearer("bearer x"));
        expect("SignatureDoesNotMatch", () -> BearerKey.authenticate("Bearer " + key.id() + ":" + key.secret() + "x", store));
        expect("InvalidAccessKeyId", () -> BearerKey.authenticate("Bearer HSNOSUCHKEY000000000:" + key.secret(), store));
        expect("InvalidArgument", () -> BearerKey.authenticate("Bearer " + key.id(), store));
        store.revoke(key.id());
        expect("InvalidAccessKeyId", () -> BearerKey.authenticate("Bearer " + key.id() + ":" + key.secret(), store));
    }

    private static void expect(String code, org.junit.jupiter.api.function.Executable action) {
        AuthFailure failure = assertThrows(AuthFailure.class, action);
        assertEquals(code, failure.code());
        assertEquals(401, failure.status());
    }
}
