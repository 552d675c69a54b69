package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.ScanStart;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.MultipartUpload;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.UploadedPart;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.BucketStore;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.MultipartStore;
import io.hybridstore.common.spi.memory.InMemoryBucketStore;
import io.hybridstore.common.spi.memory.InMemoryMetadataStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One contract for the S3 buckets and multipart uploads, run against the in-memory fakes and a real etcd. */
class S3StoresContractTest {

    abstract static class Contract {
        abstract BucketStore buckets();

        abstract MultipartStore uploads();

        /** The object records the completions commit into, in the same store as {@link #uploads()}. */
        abstract MetadataStore objects();

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
            assertEquals(List.of("u1"), ids(store.idleSince(15, 10)));
            for (int n : new int[] {10, 2, 1}) {
                assertTrue(store.putPart("b", "u1", part(n, "md5-" + n)));
            }
            assertTrue(store.putPart("b", "u1", part(2, "again")));
            assertEquals(List.of(1, 2, 10), store.parts("b", "u1").stream().map(UploadedPart::partNumber).toList());
            assertEquals("again", store.parts("b", "u1").get(1).md5());
            assertEquals(part(10, "md5-10"), store.parts("b", "u1").get(2));
            assertEquals(List.of("u1"), store.list("b", 10).stream().map(MultipartUpload::uploadId).toList());
            assertEquals(List.of(), ids(store.idleSince(20, 10)), "u1 active at 99 (its parts), u2 created at 20");
            assertEquals(List.of("u1", "u2"), ids(store.idleSince(100, 10)));
            store.delete("b", "u1");
            assertEquals(Optional.empty(), store.get("b", "u1"));
            assertTrue(store.parts("b", "u1").isEmpty());
            assertFalse(store.putPart("b", "u1", part(3, "late")), "a part after the abort is not recorded");
            assertEquals(List.of("u2"), ids(store.idleSince(100, 10)));
        }

        /** An abort racing a completion: the object commits only while its upload's record exists, in one step with the check. */
        @Test
        void aCompletionCommitsItsObjectOnlyWhileItsUploadExists() {
            MultipartStore store = uploads();
            MetadataStore records = objects();
            store.create(new MultipartUpload("b", "k", "u9", "alice", 10, "t", Map.of()));
            CommitGuard guard = store.completionGuard("b", "u9");
            ObjectMetadata first = ObjectMetadata.tombstone("b/guarded", new Version(0, 1), 1, 1);
            assertTrue(records.commitIfNewer(first, Optional.empty(), guard), "the upload exists");
            assertFalse(records.commitIfNewer(first, records.get("b/guarded"), guard), "the same version again: not newer");

            store.delete("b", "u9"); // the abort
            ObjectMetadata second = ObjectMetadata.tombstone("b/guarded", new Version(0, 2), 1, 2);
            assertFalse(records.commitIfNewer(second, records.get("b/guarded"), guard), "the upload is gone: refused");
            assertFalse(records.commitIfNewer(second, Optional.empty(), guard), "refused with a stale basis too, without retrying forever");
            assertEquals(new Version(0, 1), records.get("b/guarded").orElseThrow().metadata().version(), "nothing of the refused commit");
            assertTrue(records.commitIfNewer(second, records.get("b/guarded")), "an unguarded commit of the key is not held");
        }

        @Test
        void anUploadIsSweptOnlyWhenIdleSinceTheCutoffWithItsActivity() {
            MultipartStore store = uploads();
            store.create(new MultipartUpload("b", "k", "u5", "alice", 10, "t", Map.of()));
            assertFalse(store.deleteIfIdle("b", "u5", 10), "created at the cutoff");
            assertTrue(store.touch("b", "u5", 50));
            assertEquals(List.of(), ids(store.idleSince(50, 10)));
            assertEquals(List.of("u5"), ids(store.idleSince(51, 10)));
            assertFalse(store.deleteIfIdle("b", "u5", 50), "touched at 50");
            assertTrue(store.putPart("b", "u5", part(1, "m")));
            assertFalse(store.deleteIfIdle("b", "u5", 99), "a part stored at 99");
            assertTrue(store.deleteIfIdle("b", "u5", 100));
            assertEquals(Optional.empty(), store.get("b", "u5"));
            assertTrue(store.parts("b", "u5").isEmpty());
            assertFalse(store.deleteIfIdle("b", "u5", 100), "gone");
            assertFalse(store.touch("b", "u5", 120), "gone");
            store.create(new MultipartUpload("b", "k", "u5", "alice", 200, "t", Map.of()));
            assertEquals(List.of("u5"), ids(store.idleSince(201, 10)), "the activity went with the upload");
        }

        private static List<String> ids(List<MultipartUpload> uploads) {
            return uploads.stream().map(MultipartUpload::uploadId).toList();
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

        @Test
        void everyUploadsPartsArePagedInKeyOrderForTheCollector() {
            MultipartStore store = uploads();
            store.create(new MultipartUpload("b", "k", "u1", "alice", 10, "t", Map.of()));
            store.create(new MultipartUpload("a", "k", "u2", "alice", 20, "t", Map.of()));
            store.create(new MultipartUpload("b", "k", "u3", "alice", 30, "t", Map.of()));
            for (int n : new int[] {3, 1, 2}) {
                assertTrue(store.putPart("b", "u1", part(n, "b-u1-" + n)));
            }
            assertTrue(store.putPart("a", "u2", part(7, "a-u2-7")));
            assertTrue(store.putPart("b", "u3", part(1, "b-u3-1")));
            store.delete("b", "u3");
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            for (List<MultipartStore.PartRecord> page = store.partsAfter(null, 2); !page.isEmpty();
                    page = store.partsAfter(cursor, 2)) {
                page.forEach(r -> seen.add(r.part().md5()));
                cursor = page.get(page.size() - 1).key();
                pages++;
            }
            assertEquals(List.of("a-u2-7", "b-u1-1", "b-u1-2", "b-u1-3"), seen, "bucket, upload, part order; the deleted upload's part gone");
            assertEquals(2, pages);
        }

        @Test
        void uploadsAreListedByKeyThenUploadIdFromAnyStart() {
            MultipartStore store = uploads();
            String[][] made = {{"b/2", "u5"}, {"a", "u9"}, {"b/1", "u2"}, {"a", "u1"}, {"b", "u3"}, {"c", "u4"}};
            for (String[] m : made) {
                store.create(new MultipartUpload("bk", m[0], m[1], "alice", 1, "t", Map.of()));
            }
            store.create(new MultipartUpload("other", "a", "u0", "alice", 1, "t", Map.of()));
            assertEquals(List.of("a u1", "a u9", "b u3", "b/1 u2", "b/2 u5", "c u4"), listed(store, "", ScanStart.at(""), 10));
            assertEquals(List.of("a u9", "b u3"), listed(store, "", ScanStart.after(MultipartStore.position("a", "u1")), 2));
            assertEquals(List.of("b u3", "b/1 u2", "b/2 u5", "c u4"), listed(store, "", ScanStart.pastPrefix("a\0"), 10),
                    "after every upload of key a");
            assertEquals(List.of("c u4"), listed(store, "", ScanStart.pastPrefix("b/"), 10), "past the common prefix b/");
            assertEquals(List.of("b u3", "b/1 u2", "b/2 u5"), listed(store, "b", ScanStart.at(""), 10));
            assertEquals(List.of("b/2 u5"), listed(store, "b/", ScanStart.after(MultipartStore.position("b/1", "u2")), 10));
            store.delete("bk", "u3");
            assertEquals(List.of("b/1 u2", "b/2 u5"), listed(store, "b", ScanStart.at(""), 10), "gone with its upload");
        }

        private static List<String> listed(MultipartStore store, String prefix, ScanStart start, int limit) {
            return store.listByKey("bk", prefix, start, limit).stream().map(u -> u.key() + " " + u.uploadId()).toList();
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
        private final InMemoryMetadataStore objects = new InMemoryMetadataStore();

        @Override
        BucketStore buckets() {
            return buckets;
        }

        @Override
        MultipartStore uploads() {
            return uploads;
        }

        @Override
        MetadataStore objects() {
            return objects;
        }
    }

    @Nested
    class Etcd extends Contract {
        private final EtcdConnection etcd = ETCD.freshConnection();

        @Override
        BucketStore buckets() {
            return new EtcdBucketStore(etcd);
        }

        @Override
        MultipartStore uploads() {
            return new EtcdMultipartStore(etcd);
        }

        @Override
        MetadataStore objects() {
            return new EtcdMetadataStore(etcd);
        }
    }

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/s3");
}
