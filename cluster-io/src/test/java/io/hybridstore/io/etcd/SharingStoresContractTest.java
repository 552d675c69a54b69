package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.access.AccessRule;
import io.hybridstore.common.links.SigningKey;
import io.hybridstore.common.model.ObjectLabels.Access;
import io.hybridstore.common.spi.AccessRuleStore;
import io.hybridstore.common.spi.LinkStore;
import io.hybridstore.common.spi.UploadRegistry;
import io.hybridstore.common.spi.UploadRegistry.Upload;
import io.hybridstore.common.spi.memory.InMemoryAccessRuleStore;
import io.hybridstore.common.spi.memory.InMemoryLinkStore;
import io.hybridstore.common.spi.memory.InMemoryUploadRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One contract for the link store, the access rules and the upload registry: the in-memory fakes and etcd. */
class SharingStoresContractTest {

    abstract static class Contract {
        abstract LinkStore links();

        abstract AccessRuleStore rules();

        abstract UploadRegistry uploads();

        @Test
        void signingKeysAreAddedOnceListedWithTheirSecretAndRemoved() {
            LinkStore store = links();
            SigningKey key = new SigningKey("k-" + UUID.randomUUID(), "c2VjcmV0", 42);
            int before = store.signingKeys().size();
            assertTrue(store.addSigningKey(key));
            assertFalse(store.addSigningKey(new SigningKey(key.kid(), "b3RoZXI=", 43)), "an id is taken once");
            assertEquals(before + 1, store.signingKeys().size());
            assertTrue(store.signingKeys().contains(key), "secret and time kept");
            assertTrue(store.removeSigningKey(key.kid()));
            assertFalse(store.removeSigningKey(key.kid()));
            assertEquals(before, store.signingKeys().size());
        }

        @Test
        void aRevokedIdIsRevokedAndOnlyIt() {
            LinkStore store = links();
            String id = UUID.randomUUID().toString();
            assertFalse(store.isRevoked(id));
            store.revoke(id, System.currentTimeMillis() + 600_000);
            assertTrue(store.isRevoked(id));
            assertFalse(store.isRevoked(id + "x"));
            String past = UUID.randomUUID().toString();
            store.revoke(past, System.currentTimeMillis() - 1_000);
            assertFalse(store.isRevoked(past), "a link past its expiry needs no entry");
        }

        @Test
        void rulesAreKeptPerPrefixInKeyOrderAndReplaced() {
            AccessRuleStore store = rules();
            String p = "c-" + UUID.randomUUID() + "/";
            store.put(new AccessRule(p + "b/", Access.PUBLIC));
            store.put(new AccessRule(p + "a/", Access.PRIVATE));
            store.put(new AccessRule(p + "a/", Access.PUBLIC));
            List<AccessRule> mine = store.rules().stream().filter(r -> r.prefix().startsWith(p)).toList();
            assertEquals(List.of(new AccessRule(p + "a/", Access.PUBLIC), new AccessRule(p + "b/", Access.PUBLIC)), mine);
            assertTrue(store.remove(p + "a/"));
            assertFalse(store.remove(p + "a/"));
            store.put(new AccessRule("", Access.PRIVATE));
            assertTrue(store.rules().contains(new AccessRule("", Access.PRIVATE)), "the empty prefix is a rule too");
            assertTrue(store.remove(""));
        }

        @Test
        void anUploadIsListedWhileItRunsAndEndsOnce() {
            UploadRegistry registry = uploads();
            Upload upload = new Upload(UUID.randomUUID().toString(), "photos/a.jpg", "0-7", "gateway-1", 1_700_000_000_000L);
            assertFalse(registry.active(upload.uploadId()));
            registry.begin(upload);
            assertTrue(registry.active(upload.uploadId()));
            assertTrue(registry.list(1000).contains(upload));
            assertTrue(registry.end(upload.uploadId()));
            assertFalse(registry.end(upload.uploadId()), "ended once");
            assertFalse(registry.active(upload.uploadId()));
            assertFalse(registry.list(1000).contains(upload));
        }
    }

    @Nested
    class InMemory extends Contract {
        private final InMemoryLinkStore links = new InMemoryLinkStore(Clock.systemUTC());
        private final InMemoryAccessRuleStore rules = new InMemoryAccessRuleStore();
        private final InMemoryUploadRegistry uploads = new InMemoryUploadRegistry();

        @Override
        LinkStore links() {
            return links;
        }

        @Override
        AccessRuleStore rules() {
            return rules;
        }

        @Override
        UploadRegistry uploads() {
            return uploads;
        }
    }

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/sharing-contract");

    @Nested
    class Etcd extends Contract {
        private final EtcdConnection etcd = ETCD.connection();

        @Override
        LinkStore links() {
            return new EtcdLinkStore(etcd, Clock.systemUTC());
        }

        @Override
        AccessRuleStore rules() {
            return new EtcdAccessRuleStore(etcd);
        }

        @Override
        UploadRegistry uploads() {
            return new EtcdUploadRegistry(etcd, Duration.ofMinutes(10));
        }
    }
}
