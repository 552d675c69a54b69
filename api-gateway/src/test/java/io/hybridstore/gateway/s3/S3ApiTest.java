package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 listener over the in-memory fakes, driven by the AWS SDK for Java v2 as a real client
 * (path style, anonymous: the placeholder authenticator is in place and the test profile lets
 * anonymous callers own buckets). Objects of 5 bytes to 9 MiB (replicated and striped blobs).
 */
@QuarkusTest
class S3ApiTest {

    @Inject
    S3Server server;

    private S3Client s3;
    private final List<String> bucketsMade = new ArrayList<>();

    @BeforeEach
    void client() {
        s3 = SdkClients.anonymous(server);
    }

    @AfterEach
    void cleanUp() {
        for (String bucket : bucketsMade) {
            try {
                s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()
                        .forEach(o -> s3.deleteObject(r -> r.bucket(bucket).key(o.key())));
                s3.deleteBucket(r -> r.bucket(bucket));
            } catch (S3Exception e) {
                // already gone
            }
        }
        s3.close();
    }

    private String bucket(String name) {
        s3.createBucket(r -> r.bucket(name));
        bucketsMade.add(name);
        return name;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void bucketsAreCreatedListedLocatedAndDeletedOnlyWhenEmpty() throws Exception {
        String b = bucket("sdk-buckets");
        assertTrue(s3.listBuckets().buckets().stream().anyMatch(x -> x.name().equals(b)));
        s3.headBucket(r -> r.bucket(b));
        assertEquals("", s3.getBucketLocation(r -> r.bucket(b)).locationConstraintAsString() == null ? ""
                : s3.getBucketLocation(r -> r.bucket(b)).locationConstraintAsString());
        assertError(409, "BucketAlreadyOwnedByYou", () -> s3.createBucket(r -> r.bucket(b)));
        HttpResponse<String> invalid = raw("PUT", "/ab", null); // the SDK refuses such names itself
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("<Code>InvalidBucketName</Code>"), invalid.body());
        s3.putObject(r -> r.bucket(b).key("x"), RequestBody.fromString("x"));
        assertError(409, "BucketNotEmpty", () -> s3.deleteBucket(r -> r.bucket(b)));
        s3.deleteObject(r -> r.bucket(b).key("x"));
        s3.deleteBucket(r -> r.bucket(b));
        assertError(404, "NoSuchBucket", () -> s3.listObjectsV2(r -> r.bucket(b)));
        assertThrows(S3Exception.class, () -> s3.headBucket(r -> r.bucket(b)));
    }

    @Test
    void objectsRoundTripWithMetadataRangesAndConditions() throws Exception {
        String b = bucket("sdk-objects");
        int checked = 0;
        for (int size : new int[] {0, 5, 1 << 20, (9 << 20) + 17}) {
            byte[] data = bytes(size);
            String key = "dir/object-" + size + ".bin";
            String etag = s3.putObject(r -> r.bucket(b).key(key).contentType("application/x-test").cacheControl("max-age=60")
                    .contentDisposition("attachment").metadata(Map.of("colour", "blue")), RequestBody.fromBytes(data)).eTag();
            assertEquals("\"" + md5Hex(data) + "\"", etag, "ETag is the MD5 of a single PUT");
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key(key));
            assertArrayEquals(data, got.asByteArray());
            assertEquals("application/x-test", got.response().contentType());
            assertEquals("max-age=60", got.response().cacheControl());
            assertEquals("attachment", got.response().contentDisposition());
            assertEquals(Map.of("colour", "blue"), got.response().metadata());
            assertEquals(etag, got.response().eTag());
            HeadObjectResponse head = s3.headObject(r -> r.bucket(b).key(key));
            assertEquals(size, head.contentLength());
            checked++;
        }
        assertEquals(4, checked);

        byte[] data = bytes((9 << 20) + 17);
        String key = "dir/object-" + data.length + ".bin";
        ResponseBytes<GetObjectResponse> part = s3.getObjectAsBytes(r -> r.bucket(b).key(key).range("bytes=4194300-4194310"));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4194300, 4194311), part.asByteArray());
        assertEquals("bytes 4194300-4194310/" + data.length, part.response().contentRange());
        assertError(416, "InvalidRange", () -> s3.getObjectAsBytes(r -> r.bucket(b).key(key).range("bytes=" + data.length + "-")));

        String etag = s3.headObject(r -> r.bucket(b).key(key)).eTag();
        assertError(412, "PreconditionFailed", () -> s3.getObjectAsBytes(r -> r.bucket(b).key(key).ifMatch("\"other\"")));
        assertEquals(304, assertThrows(S3Exception.class,
                () -> s3.getObjectAsBytes(r -> r.bucket(b).key(key).ifNoneMatch(etag))).statusCode());
        assertEquals(304, assertThrows(S3Exception.class,
                () -> s3.getObjectAsBytes(r -> r.bucket(b).key(key).ifModifiedSince(Instant.now().plusSeconds(60)))).statusCode());
        assertError(412, "PreconditionFailed",
                () -> s3.getObjectAsBytes(r -> r.bucket(b).key(key).ifUnmodifiedSince(Instant.now().minusSeconds(3600))));
        assertEquals(data.length, s3.getObjectAsBytes(r -> r.bucket(b).key(key).ifMatch(etag)).asByteArray().length);

        GetObjectResponse overridden = s3.getObjectAsBytes(r -> r.bucket(b).key("dir/object-5.bin").responseContentType("text/plain")
                .responseContentDisposition("inline")).response();
        assertEquals("text/plain", overridden.contentType());
        assertEquals("inline", overridden.contentDisposition());

        assertError(404, "NoSuchKey", () -> s3.getObjectAsBytes(r -> r.bucket(b).key("absent")));
        s3.deleteObject(r -> r.bucket(b).key("absent")); // no error, as in S3
        s3.deleteObject(r -> r.bucket(b).key(key));
        assertError(404, "NoSuchKey", () -> s3.getObjectAsBytes(r -> r.bucket(b).key(key)));
    }

    @Test
    void checksumsAreCheckedOnUploadAndReturnedWhenAsked() {
        String b = bucket("sdk-checksums");
        int checked = 0;
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1,
                ChecksumAlgorithm.SHA256)) {
            String key = "sum-" + algorithm;
            s3.putObject(r -> r.bucket(b).key(key).checksumAlgorithm(algorithm), RequestBody.fromString("hello world"));
            GetObjectResponse got = s3.getObjectAsBytes(r -> r.bucket(b).key(key).checksumMode(ChecksumMode.ENABLED)).response();
            String expected = io.hybridstore.gateway.s3.ChecksumAlgorithm.named(algorithm.toString().replace("_", ""))
                    .of("hello world".getBytes(StandardCharsets.UTF_8));
            String returned = switch (algorithm) {
                case CRC32 -> got.checksumCRC32();
                case CRC32_C -> got.checksumCRC32C();
                case SHA1 -> got.checksumSHA1();
                default -> got.checksumSHA256();
            };
            assertEquals(expected, returned, algorithm.toString());
            checked++;
        }
        assertEquals(4, checked);
        // A wrong checksum sent with the request is refused and nothing is stored.
        assertError(400, "BadDigest", () -> s3.putObject(r -> r.bucket(b).key("wrong").checksumCRC32("AAAAAA=="),
                RequestBody.fromString("hello world")));
        assertError(404, "NoSuchKey", () -> s3.headObject(r -> r.bucket(b).key("wrong")));
    }

    @Test
    void badContentMd5IsRefusedAndNothingIsStored() throws Exception {
        String b = bucket("raw-md5");
        HttpResponse<String> response = raw("PUT", "/" + b + "/k", "hello world",
                "Content-MD5", java.util.Base64.getEncoder().encodeToString(new byte[16]));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>BadDigest</Code>"), response.body());
        assertTrue(response.body().contains("<RequestId>" + response.headers().firstValue("x-amz-request-id").orElseThrow()));
        assertError(404, "NoSuchKey", () -> s3.headObject(r -> r.bucket(b).key("k")));
        assertEquals(501, raw("GET", "/" + b + "?acl", null).statusCode());
        assertTrue(raw("GET", "/" + b + "/nothing", null).headers().firstValue("x-amz-request-id").isPresent());
    }

    @Test
    void listingPagesThroughPrefixesDelimitersAndAwkwardKeys() {
        String b = bucket("sdk-listing");
        List<String> keys = new ArrayList<>(List.of("a/1", "a/2", "b/x/1", "c", "d e", "f&g+h-é\"", "100%", "日本語/ключ", "k".repeat(1024)));
        for (int i = 0; i < 12; i++) {
            keys.add("many/" + String.format("%02d", i));
        }
        for (String key : keys) {
            s3.putObject(r -> r.bucket(b).key(key), RequestBody.fromString(key));
        }
        for (String key : keys) {
            assertEquals(key, s3.getObjectAsBytes(r -> r.bucket(b).key(key)).asUtf8String(), "round trip of " + key);
        }
        List<String> listed = s3.listObjectsV2Paginator(r -> r.bucket(b).maxKeys(5)).contents().stream().map(S3Object::key).toList();
        assertEquals(keys.stream().sorted(io.hybridstore.common.catalogue.KeyOrder::compare).toList(), listed);
        List<String> listedEncoded = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(b).maxKeys(4).encodingType(EncodingType.URL)).contents()
                .forEach(o -> listedEncoded.add(o.key()));
        assertEquals(listed, listedEncoded);

        ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket(b).delimiter("/"));
        assertEquals(List.of("a/", "b/", "many/", "日本語/"), top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(5, top.contents().size()); // 100%, c, "d e", f&g+h-é", k...
        ListObjectsV2Response many = s3.listObjectsV2(r -> r.bucket(b).prefix("many/").startAfter("many/05").maxKeys(3));
        assertEquals(List.of("many/06", "many/07", "many/08"), many.contents().stream().map(S3Object::key).toList());
        assertTrue(many.isTruncated());
        List<String> v1 = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            var page = s3.listObjects(r -> r.bucket(b).prefix("many/").maxKeys(5).marker(from));
            page.contents().forEach(o -> v1.add(o.key()));
            marker = page.isTruncated() ? page.nextMarker() : null;
            pages++;
        } while (marker != null);
        assertEquals(keys.subList(keys.size() - 12, keys.size()), v1);
        assertEquals(3, pages);
        assertEquals(keys.size(), s3.listObjectVersions(r -> r.bucket(b)).versions().size());
        assertEquals("null", s3.listObjectVersions(r -> r.bucket(b)).versions().get(0).versionId());
    }

    @Test
    void copyKeepsOrReplacesMetadataAndDeleteObjectsReportsEachKey() throws Exception {
        String b = bucket("sdk-copy");
        byte[] data = bytes((5 << 20) + 3);
        s3.putObject(r -> r.bucket(b).key("src").contentType("image/png").metadata(Map.of("a", "1")), RequestBody.fromBytes(data));
        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("copy"));
        ResponseBytes<GetObjectResponse> copy = s3.getObjectAsBytes(r -> r.bucket(b).key("copy"));
        assertArrayEquals(data, copy.asByteArray());
        assertEquals("image/png", copy.response().contentType());
        assertEquals(Map.of("a", "1"), copy.response().metadata());
        assertEquals("\"" + md5Hex(data) + "\"", copy.response().eTag());
        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("text/plain").metadata(Map.of("b", "2")));
        GetObjectResponse replaced = s3.getObjectAsBytes(r -> r.bucket(b).key("replaced")).response();
        assertEquals("text/plain", replaced.contentType());
        assertEquals(Map.of("b", "2"), replaced.metadata());

        DeleteObjectsResponse verbose = s3.deleteObjects(r -> r.bucket(b).delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("copy").build(), ObjectIdentifier.builder().key("never-was").build()).build()));
        assertEquals(List.of("copy", "never-was"), verbose.deleted().stream().map(d -> d.key()).toList());
        DeleteObjectsResponse quiet = s3.deleteObjects(r -> r.bucket(b).delete(Delete.builder().quiet(true)
                .objects(ObjectIdentifier.builder().key("src").build(), ObjectIdentifier.builder().key("replaced").build()).build()));
        assertTrue(quiet.deleted().isEmpty());
        assertTrue(quiet.errors().isEmpty());
        assertEquals(0, s3.listObjectsV2(r -> r.bucket(b)).keyCount());
    }

    @Test
    void multipartPartsBecomeOneObjectWithoutCopying() throws Exception {
        String b = bucket("sdk-multipart");
        byte[] p1 = bytes(5 << 20);
        byte[] p2 = bytes((5 << 20) + 7);
        byte[] p3 = bytes(1000);
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("big").contentType("video/mp4").metadata(Map.of("m", "1"))).uploadId();
        String e1 = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(1), RequestBody.fromBytes(bytes(100))).eTag();
        String e1again = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
        assertTrue(!e1.equals(e1again), "a part resent replaces the earlier one");
        String e2 = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
        String e3 = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(3), RequestBody.fromBytes(p3)).eTag();
        assertEquals(List.of(1, 2, 3), s3.listParts(r -> r.bucket(b).key("big").uploadId(id)).parts().stream()
                .map(p -> p.partNumber()).toList());
        assertEquals(List.of(id), s3.listMultipartUploads(r -> r.bucket(b)).uploads().stream().map(u -> u.uploadId()).toList());

        assertError(400, "InvalidPartOrder", () -> s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                .multipartUpload(m -> m.parts(part(2, e2), part(1, e1again)))));
        assertError(400, "InvalidPart", () -> s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                .multipartUpload(m -> m.parts(part(1, e1), part(2, e2)))));
        String e4 = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(4), RequestBody.fromBytes(p3)).eTag();
        assertError(400, "EntityTooSmall", () -> s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                .multipartUpload(m -> m.parts(part(3, e3), part(4, e4))))); // part 3 is not the last: too small

        String etag = s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                .multipartUpload(m -> m.parts(part(1, e1again), part(2, e2), part(3, e3)))).eTag();
        byte[] md5s = new byte[48];
        System.arraycopy(MessageDigest.getInstance("MD5").digest(p1), 0, md5s, 0, 16);
        System.arraycopy(MessageDigest.getInstance("MD5").digest(p2), 0, md5s, 16, 16);
        System.arraycopy(MessageDigest.getInstance("MD5").digest(p3), 0, md5s, 32, 16);
        assertEquals("\"" + md5Hex(md5s) + "-3\"", etag);
        byte[] whole = new byte[p1.length + p2.length + p3.length];
        System.arraycopy(p1, 0, whole, 0, p1.length);
        System.arraycopy(p2, 0, whole, p1.length, p2.length);
        System.arraycopy(p3, 0, whole, p1.length + p2.length, p3.length);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("big"));
        assertArrayEquals(whole, got.asByteArray());
        assertEquals("video/mp4", got.response().contentType());
        assertEquals(Map.of("m", "1"), got.response().metadata());
        // a range across the end of part 1's short last stripe and into part 2
        int from = p1.length - 10;
        byte[] across = s3.getObjectAsBytes(r -> r.bucket(b).key("big").range("bytes=" + from + "-" + (from + 29))).asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, from, from + 30), across);
        assertTrue(s3.listMultipartUploads(r -> r.bucket(b)).uploads().isEmpty());
        assertError(404, "NoSuchUpload", () -> s3.listParts(r -> r.bucket(b).key("big").uploadId(id)));

        // UploadPartCopy of a range, and an abort
        String id2 = s3.createMultipartUpload(r -> r.bucket(b).key("copy")).uploadId();
        String c1 = s3.uploadPartCopy(r -> r.sourceBucket(b).sourceKey("big").destinationBucket(b).destinationKey("copy").uploadId(id2)
                .partNumber(1).copySourceRange("bytes=0-5242879")).copyPartResult().eTag();
        String done = s3.completeMultipartUpload(r -> r.bucket(b).key("copy").uploadId(id2).multipartUpload(m -> m.parts(part(1, c1))))
                .eTag();
        assertTrue(done.endsWith("-1\""), done);
        assertArrayEquals(p1, s3.getObjectAsBytes(r -> r.bucket(b).key("copy")).asByteArray());
        String id3 = s3.createMultipartUpload(r -> r.bucket(b).key("aborted")).uploadId();
        s3.abortMultipartUpload(r -> r.bucket(b).key("aborted").uploadId(id3));
        assertError(404, "NoSuchUpload", () -> s3.uploadPart(r -> r.bucket(b).key("aborted").uploadId(id3).partNumber(1),
                RequestBody.fromString("x")));
    }

    @Test
    void virtualHostStyleNamesTheBucketInTheHostHeader() throws Exception {
        String b = bucket("sdk-vhost");
        s3.putObject(r -> r.bucket(b).key("dir/a b.txt"), RequestBody.fromString("hello"));
        // The JDK's HTTP client will not send another Host; a raw request does, as a client resolving b.localhost would.
        String listing = rawHost(b + ".localhost:" + server.port(), "/?list-type=2&prefix=dir/");
        assertTrue(listing.startsWith("HTTP/1.1 200"), listing);
        assertTrue(listing.contains("<Name>sdk-vhost</Name>") && listing.contains("<Key>dir/a b.txt</Key>"), listing);
        String object = rawHost(b + ".localhost", "/dir/a%20b.txt");
        assertTrue(object.startsWith("HTTP/1.1 200") && object.endsWith("hello"), object);
    }

    private String rawHost(String host, String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static software.amazon.awssdk.services.s3.model.CompletedPart part(int number, String etag) {
        return software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private HttpResponse<String> raw(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertError(int status, String code, org.junit.jupiter.api.function.Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(status, e.statusCode(), e.toString());
        assertNotNull(e.requestId(), "x-amz-request-id");
        assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
    }
}
