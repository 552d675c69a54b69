package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.AccessKeyGenerator;
import io.hybridstore.common.spi.AccessKeyStore;
import io.hybridstore.common.spi.memory.InMemoryAccessKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One contract for the access-key store, run against the in-memory fake and against a real etcd. */
class AccessKeyStoreContractTest {

    static final AccessKeyGenerator GENERATOR = new AccessKeyGenerator(new SecureRandom(),
            Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));

    abstract static class Contract {
        abstract AccessKeyStore store();

        @Test
        void aCreatedKeyIsFoundWithItsSecretAndOwner() {
            AccessKeyStore store = store();
            AccessKey key = store.create("alice");
            assertEquals(Optional.of(key), store.find(key.id()));
            assertEquals("alice", store.find(key.id()).orElseThrow().owner());
            assertEquals(key.secret(), store.find(key.id()).orElseThrow().secret());
            assertEquals(Instant.parse("2026-12-04T10:00:00Z").toEpochMilli(), key.createdAt());
            assertEquals(Optional.empty(), store.find("HSNOSUCHKEY000000000"));
            assertEquals(Optional.empty(), store.find("../objects/x"));
        }

        @Test
        void listingHasEveryKeyInIdOrder() {
            AccessKeyStore store = store();
            List<AccessKey> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(store.create(i % 2 == 0 ? "alice" : "bob"));
            }
            created.sort(java.util.Comparator.comparing(AccessKey::id));
            assertEquals(created, store.list());
            assertNotEquals(created.get(0).secret(), created.get(1).secret());
        }

        @Test
        void revokedKeysAreGoneAndRevokingTwiceFindsNothing() {
            AccessKeyStore store = store();
            AccessKey keep = store.create("alice");
            AccessKey drop = store.create("alice");
            assertTrue(store.revoke(drop.id()));
            assertFalse(store.revoke(drop.id()));
            assertEquals(Optional.empty(), store.find(drop.id()));
            assertEquals(List.of(keep), store.list());
        }

        @Test
        void ownersAreValidated() {
            assertThrows(IllegalArgumentException.class, () -> store().create("no spaces"));
        }
    }

    @Nested
    class InMemory extends Contract {
        @Override
        AccessKeyStore store() {
            return new InMemoryAccessKeyStore(GENERATOR);
        }
    }

    @Nested
    class Etcd extends Contract {
        @Override
        AccessKeyStore store() {
            return new EtcdAccessKeyStore(ETCD.freshConnection(), GENERATOR);
        }

        /** What etcd holds is the record the fake keeps (secret included: documented, SigV4 needs it). */
        @Test
        void theRecordIsJsonUnderTheAccessKeysPrefix() {
            EtcdConnection etcd = ETCD.connect("/keys-raw");
            AccessKey key = new EtcdAccessKeyStore(etcd, GENERATOR).create("carol");
            var kvs = etcd.await(etcd.client().getKVClient().get(EtcdConnection.bytes("/keys-raw/access-keys/" + key.id())), "get").getKvs();
            assertEquals(1, kvs.size());
            String json = EtcdConnection.text(kvs.get(0).getValue());
            assertTrue(json.contains("\"owner\":\"carol\""), json);
        }
    }

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/keys");
}
