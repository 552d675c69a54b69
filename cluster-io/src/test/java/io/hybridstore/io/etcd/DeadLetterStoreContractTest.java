package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.DeadLetterStore;
import io.hybridstore.common.spi.DeadLetterStore.DeadLetter;
import io.hybridstore.common.spi.memory.InMemoryDeadLetterStore;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One contract for the dead-letter list, run against the in-memory fake and against a real etcd. */
class DeadLetterStoreContractTest {

    abstract static class Contract {
        abstract DeadLetterStore store();

        static DeadLetter letter(int partition, long offset, int payloadBytes) {
            return new DeadLetter(new Version(partition, offset), "key-" + offset, "BAD_REQUEST", "not a WAL record", 1,
                    1_700_000_000_000L + offset, "gateway-1", payloadBytes);
        }

        static byte[] bytes(int size, long seed) {
            byte[] b = new byte[size];
            new Random(seed).nextBytes(b);
            return b;
        }

        @Test
        void aLetterRoundTripsWithItsPayloadAndIsRemovedWithIt() {
            DeadLetterStore store = store();
            byte[] payload = bytes(300, 1);
            DeadLetter letter = letter(0, 7, payload.length);
            assertEquals(Optional.empty(), store.get(letter.version()));
            store.put(letter, payload);
            assertEquals(Optional.of(letter), store.get(letter.version()));
            assertArrayEquals(payload, store.payload(letter.version()).orElseThrow());
            assertEquals("0-7", letter.id());
            assertEquals(1, store.count());
            assertTrue(store.remove(letter.version()));
            assertFalse(store.remove(letter.version()), "removing twice finds nothing the second time");
            assertEquals(Optional.empty(), store.get(letter.version()));
            assertEquals(Optional.empty(), store.payload(letter.version()));
            assertEquals(0, store.count());
        }

        @Test
        void theSameRecordDeadLetteredAgainReplacesItsLetter() {
            DeadLetterStore store = store();
            byte[] payload = bytes(10, 2);
            store.put(letter(1, 5, 10), payload);
            DeadLetter again = new DeadLetter(new Version(1, 5), "key-5", "UNEXPECTED", "NullPointerException", 5, 9, "gateway-2", 10);
            store.put(again, payload);
            assertEquals(1, store.count());
            assertEquals(Optional.of(again), store.get(new Version(1, 5)));
        }

        @Test
        void listingIsInWalOrderAndBounded() {
            DeadLetterStore store = store();
            List<Version> order = List.of(new Version(0, 9), new Version(0, 10), new Version(0, 100), new Version(2, 1));
            for (Version v : List.of(order.get(2), order.get(3), order.get(0), order.get(1))) {
                store.put(letter(v.partition(), v.offset(), 1), new byte[] {1});
            }
            assertEquals(order, store.list(10).stream().map(DeadLetter::version).toList());
            assertEquals(order.subList(0, 2), store.list(2).stream().map(DeadLetter::version).toList());
            assertEquals(4, store.count());
        }

        @Test
        void anEmptyAndALargePayloadRoundTrip() {
            DeadLetterStore store = store();
            store.put(letter(0, 1, 0), new byte[0]);
            assertArrayEquals(new byte[0], store.payload(new Version(0, 1)).orElseThrow());
            // Above etcd's 1.5 MiB request limit: the adapter must split it.
            byte[] large = bytes(3 * EtcdDeadLetterStore.PIECE + 12_345, 3);
            store.put(letter(0, 2, large.length), large);
            assertArrayEquals(large, store.payload(new Version(0, 2)).orElseThrow());
            assertTrue(store.remove(new Version(0, 2)));
            assertEquals(Optional.empty(), store.payload(new Version(0, 2)));
        }
    }

    @Nested
    class InMemory extends Contract {
        @Override
        DeadLetterStore store() {
            return new InMemoryDeadLetterStore();
        }
    }

    @Nested
    class Etcd extends Contract {
        @Override
        DeadLetterStore store() {
            return new EtcdDeadLetterStore(connection());
        }

        /** Why the adapter splits payloads: etcd refuses a single request above 1.5 MiB, and stores nothing of it. */
        @Test
        void etcdRefusesOneRequestAboveItsLimit() {
            EtcdConnection etcd = connection();
            var kv = etcd.client().getKVClient();
            String key = etcd.keys().prefix() + "/too-large";
            StoreException e = assertThrows(StoreException.class,
                    () -> etcd.await(kv.put(EtcdConnection.bytes(key), io.etcd.jetcd.ByteSequence.from(bytes(2 << 20, 4))), "put"));
            assertTrue(e.getMessage().contains("too large") || e.getMessage().contains("RESOURCE_EXHAUSTED")
                    || e.getMessage().contains("request is too large"), e.code() + " " + e.getMessage());
            assertTrue(etcd.await(kv.get(EtcdConnection.bytes(key)), "get").getKvs().isEmpty());
        }
    }

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/dead");

    private static EtcdConnection connection() {
        return ETCD.freshConnection();
    }
}
