package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.gateway.infra.Backend;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * ListMultipartUploads and ListParts page by page, and GetObject/HeadObject of one part
 * ({@code ?partNumber}, also of records written before part sizes were kept, and of an empty last
 * part), driven by the AWS SDK for Java v2 over the in-memory backend.
 */
@QuarkusTest
class S3PagingAndPartsTest {

    @Inject
    S3Server server;

    @Inject
    Backend backend;

    private S3Client s3;
    private final List<String[]> uploadsMade = new ArrayList<>();
    private final List<String> buckets = new ArrayList<>();

    @BeforeEach
    void client() {
        s3 = SdkClients.anonymous(server);
    }

    @AfterEach
    void cleanUp() {
        for (String[] u : uploadsMade) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(u[0]).key(u[1]).uploadId(u[2]));
            } catch (S3Exception e) {
                // completed or aborted already
            }
        }
        for (String b : buckets) {
            s3.listObjectsV2Paginator(r -> r.bucket(b)).contents().forEach(o -> s3.deleteObject(r -> r.bucket(b).key(o.key())));
            s3.deleteBucket(r -> r.bucket(b));
        }
        s3.close();
    }

    @Test
    void multipartUploadsAreListedPageByPageInKeyThenUploadIdOrder() {
        String b = bucket("paging-uploads");
        List<String> expected = new ArrayList<>();
        for (String key : new String[] {"z", "a/1", "a/2", "b", "b", "b", "c/x/1", "c/y"}) {
            expected.add(key + " " + create(b, key));
        }
        expected.sort((x, y) -> {
            int byKey = io.hybridstore.common.catalogue.KeyOrder.compare(x.split(" ")[0], y.split(" ")[0]);
            return byKey != 0 ? byKey : x.split(" ")[1].compareTo(y.split(" ")[1]);
        });

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            String k = keyMarker;
            String i = idMarker;
            ListMultipartUploadsResponse page = s3.listMultipartUploads(r -> r.bucket(b).maxUploads(3).keyMarker(k).uploadIdMarker(i));
            pages++;
            assertTrue(page.uploads().size() <= 3);
            page.uploads().forEach(u -> seen.add(u.key() + " " + u.uploadId()));
            if (!page.isTruncated()) {
                assertNull(page.nextKeyMarker());
                break;
            }
            MultipartUpload last = page.uploads().get(page.uploads().size() - 1);
            assertEquals(last.key(), page.nextKeyMarker());
            assertEquals(last.uploadId(), page.nextUploadIdMarker());
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
        assertEquals(expected, seen, "every upload once, in order, across the pages");
        assertEquals(3, pages, "8 uploads in pages of 3");

        List<String> viaPaginator = new ArrayList<>();
        s3.listMultipartUploadsPaginator(r -> r.bucket(b).maxUploads(2)).uploads().forEach(u -> viaPaginator.add(u.key() + " " + u.uploadId()));
        assertEquals(expected, viaPaginator, "the SDK's own paginator follows the markers");

        ListMultipartUploadsResponse keyOnly = s3.listMultipartUploads(r -> r.bucket(b).keyMarker("b"));
        assertEquals(List.of("c/x/1", "c/y", "z"), keyOnly.uploads().stream().map(MultipartUpload::key).toList(),
                "a key marker alone: keys after it");
        ListMultipartUploadsResponse prefixed = s3.listMultipartUploads(r -> r.bucket(b).prefix("a/"));
        assertEquals(List.of("a/1", "a/2"), prefixed.uploads().stream().map(MultipartUpload::key).toList());

        ListMultipartUploadsResponse grouped = s3.listMultipartUploads(r -> r.bucket(b).delimiter("/"));
        assertEquals(List.of("b", "b", "b", "z"), grouped.uploads().stream().map(MultipartUpload::key).toList());
        assertEquals(List.of("a/", "c/"), grouped.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        List<String> groupedPages = new ArrayList<>();
        s3.listMultipartUploadsPaginator(r -> r.bucket(b).delimiter("/").maxUploads(1)).forEach(p -> {
            p.uploads().forEach(u -> groupedPages.add(u.key()));
            p.commonPrefixes().forEach(c -> groupedPages.add(c.prefix()));
        });
        assertEquals(List.of("a/", "b", "b", "b", "c/", "z"), groupedPages, "one entry per page; a common prefix is never repeated");
        ListMultipartUploadsResponse nested = s3.listMultipartUploads(r -> r.bucket(b).prefix("c/").delimiter("/"));
        assertEquals(List.of("c/x/"), nested.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(List.of("c/y"), nested.uploads().stream().map(MultipartUpload::key).toList());
    }

    @Test
    void partsAreListedPageByPage() {
        String b = bucket("paging-parts");
        String id = create(b, "k");
        for (int n = 1; n <= 7; n++) {
            int number = n;
            s3.uploadPart(r -> r.bucket(b).key("k").uploadId(id).partNumber(number), RequestBody.fromString("part " + number));
        }
        ListPartsResponse first = s3.listParts(r -> r.bucket(b).key("k").uploadId(id).maxParts(3));
        assertEquals(List.of(1, 2, 3), first.parts().stream().map(Part::partNumber).toList());
        assertTrue(first.isTruncated());
        assertEquals(3, first.nextPartNumberMarker());
        ListPartsResponse rest = s3.listParts(r -> r.bucket(b).key("k").uploadId(id).partNumberMarker(5));
        assertEquals(List.of(6, 7), rest.parts().stream().map(Part::partNumber).toList());
        assertFalse(rest.isTruncated());
        List<Integer> all = new ArrayList<>();
        s3.listPartsPaginator(r -> r.bucket(b).key("k").uploadId(id).maxParts(2)).parts().forEach(p -> all.add(p.partNumber()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), all);
    }

    @Test
    void onePartOfAnObjectIsReadByItsNumber() {
        String b = bucket("part-number");
        byte[] p1 = bytes(5 << 20, 1);
        byte[] p2 = bytes((5 << 20) + 3, 2);
        byte[] p3 = bytes(777, 3);
        byte[][] bodies = {p1, p2, p3};
        uploadInParts(b, "big", bodies);

        long offset = 0;
        for (int n = 1; n <= 3; n++) {
            int number = n;
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("big").partNumber(number));
            assertArrayEquals(bodies[n - 1], got.asByteArray(), "part " + n);
            assertEquals(3, got.response().partsCount());
            long total = p1.length + p2.length + p3.length;
            assertEquals("bytes " + offset + "-" + (offset + bodies[n - 1].length - 1) + "/" + total, got.response().contentRange());
            HeadObjectResponse head = s3.headObject(r -> r.bucket(b).key("big").partNumber(number));
            assertEquals(bodies[n - 1].length, head.contentLength());
            assertEquals(3, head.partsCount());
            offset += bodies[n - 1].length;
        }
        S3Exception beyond = assertThrows(S3Exception.class, () -> s3.getObject(r -> r.bucket(b).key("big").partNumber(4)));
        assertEquals(416, beyond.statusCode());
        assertEquals("InvalidPartNumber", beyond.awsErrorDetails().errorCode());
        assertEquals(416, assertThrows(S3Exception.class, () -> s3.headObject(r -> r.bucket(b).key("big").partNumber(4))).statusCode());
        S3Exception both = assertThrows(S3Exception.class, () -> s3.getObject(r -> r.bucket(b).key("big").partNumber(1).range("bytes=0-1")));
        assertEquals(400, both.statusCode());

        byte[] single = bytes(1000, 4);
        s3.putObject(r -> r.bucket(b).key("single"), RequestBody.fromBytes(single));
        ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(r -> r.bucket(b).key("single").partNumber(1));
        assertArrayEquals(single, whole.asByteArray(), "part 1 of a single-PUT object is the whole object");
        assertNull(whole.response().partsCount());
        assertEquals(416, assertThrows(S3Exception.class, () -> s3.getObject(r -> r.bucket(b).key("single").partNumber(2))).statusCode());
    }

    @Test
    void anEmptyLastPartCountsAsAPartInTheETagAndReadsAsNoBytes() throws Exception {
        String b = bucket("empty-last-part");
        byte[] p1 = bytes(5 << 20, 5);
        String id = create(b, "k");
        String e1 = s3.uploadPart(r -> r.bucket(b).key("k").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
        String e2 = s3.uploadPart(r -> r.bucket(b).key("k").uploadId(id).partNumber(2), RequestBody.empty()).eTag();
        assertEquals("\"d41d8cd98f00b204e9800998ecf8427e\"", e2, "the MD5 of no bytes");
        String etag = s3.completeMultipartUpload(r -> r.bucket(b).key("k").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();

        assertEquals("\"" + md5OfPartMd5s(e1, e2) + "-2\"", etag, "S3 counts the empty part");
        assertArrayEquals(p1, s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asByteArray());
        ResponseBytes<GetObjectResponse> last = s3.getObjectAsBytes(r -> r.bucket(b).key("k").partNumber(2));
        assertEquals(0, last.asByteArray().length, "part 2 has no bytes (it was the whole object before)");
        assertEquals(2, last.response().partsCount());
        assertEquals(0, s3.headObject(r -> r.bucket(b).key("k").partNumber(2)).contentLength());
        ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(r -> r.bucket(b).key("k").partNumber(1));
        assertArrayEquals(p1, first.asByteArray());
        assertEquals("bytes 0-" + (p1.length - 1) + "/" + p1.length, first.response().contentRange());

        String only = create(b, "empty");
        String e0 = s3.uploadPart(r -> r.bucket(b).key("empty").uploadId(only).partNumber(1), RequestBody.empty()).eTag();
        String emptyTag = s3.completeMultipartUpload(r -> r.bucket(b).key("empty").uploadId(only)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e0).build()))).eTag();
        assertEquals("\"" + md5OfPartMd5s(e0) + "-1\"", emptyTag);
        assertEquals(0, s3.getObjectAsBytes(r -> r.bucket(b).key("empty")).asByteArray().length);
    }

    @Test
    void thePartsOfAnObjectCompletedBeforePartSizesWereKeptAreFoundFromItsStripes() {
        String b = bucket("legacy-parts");
        byte[][] bodies = {bytes((5 << 20) + 11, 6), bytes(5 << 20, 7), bytes(300, 8)};
        uploadInParts(b, "old", bodies);
        forgetPartSizes(b + "/old");

        long offset = 0;
        for (int n = 1; n <= 3; n++) {
            int number = n;
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("old").partNumber(number));
            assertArrayEquals(bodies[n - 1], got.asByteArray(), "part " + n + " (was 501 before)");
            assertEquals(3, got.response().partsCount());
            long total = bodies[0].length + bodies[1].length + bodies[2].length;
            assertEquals("bytes " + offset + "-" + (offset + bodies[n - 1].length - 1) + "/" + total, got.response().contentRange());
            offset += bodies[n - 1].length;
        }
        assertEquals(416, assertThrows(S3Exception.class, () -> s3.getObject(r -> r.bucket(b).key("old").partNumber(4))).statusCode());
    }

    /** Rewrites the object's record as records were written before part sizes were kept. */
    private void forgetPartSizes(String name) {
        MetadataStore.Stored stored = backend.metadata().get(name).orElseThrow();
        ObjectMetadata m = stored.metadata();
        BlobInfo b = m.blob();
        assertEquals(3, b.partSizes().size());
        BlobInfo legacy = new BlobInfo(b.contentType(), b.size(), b.sha256(), b.stripeSize(), b.fileName(), b.uploadId(), b.md5(),
                b.attributes(), b.parts());
        assertTrue(backend.metadata().compareAndSet(new ObjectMetadata(m.key(), m.version(), m.state(), m.fieldOrder(), m.hot(), m.cold(),
                m.pendingNodes(), m.failedNodes(), m.createdAt(), m.updatedAt(), legacy, m.stripes(), m.labels()), stored.revision()));
        assertTrue(backend.metadata().get(name).orElseThrow().metadata().blob().partSizes().isEmpty());
    }

    private static String md5OfPartMd5s(String... etags) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (String etag : etags) {
            md5.update(HexFormat.of().parseHex(etag.replace("\"", "")));
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** A multipart upload of {@code bodies}, one part each, completed. */
    private void uploadInParts(String b, String key, byte[][] bodies) {
        String id = create(b, key);
        List<CompletedPart> parts = new ArrayList<>();
        for (int n = 1; n <= bodies.length; n++) {
            int number = n;
            String etag = s3.uploadPart(r -> r.bucket(b).key(key).uploadId(id).partNumber(number), RequestBody.fromBytes(bodies[number - 1]))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        s3.completeMultipartUpload(r -> r.bucket(b).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    private String bucket(String name) {
        s3.createBucket(r -> r.bucket(name));
        buckets.add(name);
        return name;
    }

    private String create(String bucket, String key) {
        String id = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        uploadsMade.add(new String[] {bucket, key, id});
        return id;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
