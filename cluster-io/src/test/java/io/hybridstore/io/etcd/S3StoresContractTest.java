package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.cluster.EtcdServer;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.spi.BucketStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.memory.InMemoryBucketStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One contract for the S3 buckets and multipart uploads, run against the in-memory fakes and a real etcd. */
class S3StoresContractTest {

    abstract static class Contract {
        abstract BucketStore buckets();

        abstract MultipartStore uploads();

        @Test
        void aBucketIsCreatedOnceListedByNameAndDeleted() {
            BucketStore store = buckets();
            Bucket photos = new Bucket("photos", "alice", 1, "", false);
            assertTrue(store.create(photos));
            assertFalse(store.create(new Bucket("photos", "bob", 2, "eu-west-1", true)), "the name is taken");
            assertEquals(Optional.of(photos), store.get("photos"));
            store.create(new Bucket("a-first", "bob", 3, "eu-west-1", true));
            assertEquals(List.of("a-first", "photos"), store.list().stream().map(Bucket::name).toList());
            assertTrue(store.delete("photos"));
            assertFalse(store.delete("photos"));
            assertTrue(store.create(new Bucket("photos", "bob", 4, "", false)), "a deleted name can be taken again");
        }

        @Test
        void partsAreKeptInOrderReplacedWhenResentAndGoneWithTheirUpload() {
            MultipartStore store = uploads();
            MultipartUpload upload = new MultipartUpload("b", "k", "u1", "alice", 10, "video/mp4", Map.of("x-amz-meta-a", "1"));
            assertFalse(store.putPart("b", "u1", part(1, "first")), "no part without its upload");
            store.create(upload);
            store.create(new MultipartUpload("c", "k", "u2", "alice", 20, "t", Map.of()));
            assertEquals(Optional.of(upload), store.get("b", "u1"));
            for (int n : new int[] {10, 2, 1}) {
                assertTrue(store.putPart("b", "u1", part(n, "md5-" + n)));
            }
            assertTrue(store.putPart("b", "u1", part(2, "again")));
            assertEquals(List.of(1, 2, 10), store.parts("b", "u1").stream().map(UploadedPart::partNumber).toList());
            assertEquals("again", store.parts("b", "u1").get(1).md5());
            assertEquals(part(10, "md5-10"), store.parts("b", "u1").get(2));
            assertEquals(List.of("u1"), store.list("b", 10).stream().map(MultipartUpload::uploadId).toList());
            assertEquals(List.of("u1"), store.initiatedBefore(15, 10).stream().map(MultipartUpload::uploadId).toList());
            store.delete("b", "u1");
            assertEquals(Optional.empty(), store.get("b", "u1"));
            assertTrue(store.parts("b", "u1").isEmpty());
            assertFalse(store.putPart("b", "u1", part(3, "late")), "a part after the abort is not recorded");
            assertEquals(1, store.initiatedBefore(100, 10).size());
        }

        @Test
        void anUploadOfMorePartsThanOneReadPageHoldsListsThemAll() {
            MultipartStore store = uploads();
            store.create(new MultipartUpload("b", "many", "u3", "alice", 10, "t", Map.of()));
            for (int n = 1; n <= 1_200; n++) {
                assertTrue(store.putPart("b", "u3", part(n, "md5-" + n)));
            }
            List<UploadedPart> parts = store.parts("b", "u3");
            assertEquals(1_200, parts.size());
            for (int n = 1; n <= 1_200; n++) {
                assertEquals(n, parts.get(n - 1).partNumber());
            }
        }

        static UploadedPart part(int number, String md5) {
            ColdPart stripe = new ColdPart(null, 5, 1, 1, 5, List.of(new ChunkLocation(0, "node-1", "s-x-0-1-1-0", 1),
                    new ChunkLocation(1, "node-2", "s-x-0-1-1-1", 1)), List.of("1a", "2b"));
            return new UploadedPart(number, 5, md5, "sha", 8, List.of(stripe), List.of("node-3"), 99);
        }
    }

    @Nested
    class Memory extends Contract {
        private final InMemoryBucketStore buckets = new InMemoryBucketStore();
        private final InMemoryMultipartStore uploads = new InMemoryMultipartStore();

        @Override
        BucketStore buckets() {
            return buckets;
        }

        @Override
        MultipartStore uploads() {
            return uploads;
        }
    }

    @Nested
    class Etcd extends Contract {
        private final EtcdConnection etcd = connection();

        @Override
        BucketStore buckets() {
            return new EtcdBucketStore(etcd);
        }

        @Override
        MultipartStore uploads() {
            return new EtcdMultipartStore(etcd);
        }
    }

    private static int prefixes;

    private static EtcdConnection connection() {
        EtcdConnection etcd = EtcdConnection.connect(List.of(server.endpoint()), "/s3-" + (++prefixes), Duration.ofSeconds(5));
        connections.add(etcd);
        return etcd;
    }

    @TempDir
    static Path dir;
    private static EtcdServer server;
    private static final List<EtcdConnection> connections = new ArrayList<>();

    @BeforeAll
    static void startEtcd() {
        server = EtcdServer.start(dir);
    }

    @AfterAll
    static void stopEtcd() {
        connections.forEach(EtcdConnection::close);
        server.close();
    }
}
