package io.hybridstore.e2e.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every S3 operation of issue 16 that {@code S3EndToEndTest}'s round trip does not reach, through the
 * AWS SDK for Java v2 against a real cluster ({@link SdkCluster}): buckets (location, already owned,
 * not empty), content headers and {@code response-*} overrides, the four conditional headers, a range
 * past the end, a wrong Content-MD5, CopyObject COPY and REPLACE, listing with delimiters, markers,
 * URL encoding and versions, DeleteObjects quiet and verbose, and multipart with a resent part, a
 * ranged UploadPartCopy, ListParts and each refusal of CompleteMultipartUpload. The same operations
 * over the in-memory backend, with their edge cases, are {@code S3ApiTest}'s.
 */
class S3OperationsEndToEndTest {

    private static final int MIB = 1 << 20;
    @RegisterExtension
    static final SdkCluster.Use CLUSTER = new SdkCluster.Use();
    private static S3Client s3;

    @BeforeAll
    static void bucket() {
        s3 = CLUSTER.get().client();
        s3.createBucket(r -> r.bucket("ops"));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    private static String code(Executable call) {
        return assertThrows(S3Exception.class, call).awsErrorDetails().errorCode();
    }

    private static int status(Executable call) {
        return assertThrows(S3Exception.class, call).statusCode();
    }

    @Test
    void bucketsTheirLocationAndTheirRefusals() {
        s3.createBucket(r -> r.bucket("ops-eu").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        assertEquals("eu-central-1", s3.getBucketLocation(r -> r.bucket("ops-eu")).locationConstraintAsString());
        s3.headBucket(r -> r.bucket("ops-eu"));
        assertTrue(s3.listBuckets().buckets().stream().map(b -> b.name()).toList().containsAll(List.of("ops", "ops-eu")));
        assertEquals("BucketAlreadyOwnedByYou", code(() -> s3.createBucket(r -> r.bucket("ops-eu"))));
        s3.putObject(r -> r.bucket("ops-eu").key("one"), RequestBody.fromString("1"));
        assertEquals("BucketNotEmpty", code(() -> s3.deleteBucket(r -> r.bucket("ops-eu"))));
        s3.deleteObject(r -> r.bucket("ops-eu").key("one"));
        s3.deleteBucket(r -> r.bucket("ops-eu"));
        assertEquals(404, status(() -> s3.headBucket(r -> r.bucket("ops-eu"))));
        assertEquals("NoSuchBucket", code(() -> s3.getObject(r -> r.bucket("ops-eu").key("one"))));
        assertEquals("NoSuchKey", code(() -> s3.getObject(r -> r.bucket("ops").key("no/such/key"))));
    }

    @Test
    void contentHeadersOverridesConditionsAndDigests() throws Exception {
        byte[] data = bytes(300_000);
        String etag = s3.putObject(r -> r.bucket("ops").key("doc.txt").contentType("text/plain").contentEncoding("identity")
                .contentDisposition("attachment; filename=\"doc.txt\"").cacheControl("max-age=60").metadata(Map.of("colour", "blue")),
                RequestBody.fromBytes(data)).eTag();
        assertEquals("\"" + HexFormat.of().formatHex(md5(data)) + "\"", etag);
        HeadObjectResponse head = s3.headObject(r -> r.bucket("ops").key("doc.txt"));
        assertEquals(List.of("text/plain", "identity", "attachment; filename=\"doc.txt\"", "max-age=60", "blue"),
                List.of(head.contentType(), head.contentEncoding(), head.contentDisposition(), head.cacheControl(), head.metadata().get("colour")));
        GetObjectResponse overridden = s3.getObjectAsBytes(r -> r.bucket("ops").key("doc.txt").responseContentType("application/x-test")
                .responseCacheControl("no-store").responseContentDisposition("inline")).response();
        assertEquals(List.of("application/x-test", "no-store", "inline"),
                List.of(overridden.contentType(), overridden.cacheControl(), overridden.contentDisposition()));

        Instant later = Instant.now().plus(1, ChronoUnit.DAYS);
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("ops").key("doc.txt").ifMatch(etag).ifUnmodifiedSince(later)).asByteArray());
        assertEquals(412, status(() -> s3.getObject(r -> r.bucket("ops").key("doc.txt").ifMatch("\"0123\""))));
        assertEquals(304, status(() -> s3.getObject(r -> r.bucket("ops").key("doc.txt").ifNoneMatch(etag))));
        assertEquals(304, status(() -> s3.getObject(r -> r.bucket("ops").key("doc.txt").ifModifiedSince(later))));
        assertEquals(412, status(() -> s3.getObject(r -> r.bucket("ops").key("doc.txt").ifUnmodifiedSince(longAgo))));
        assertEquals("InvalidRange", code(() -> s3.getObject(r -> r.bucket("ops").key("doc.txt").range("bytes=400000-"))));
        assertArrayEquals(Arrays.copyOfRange(data, 299_990, 300_000),
                s3.getObjectAsBytes(r -> r.bucket("ops").key("doc.txt").range("bytes=-10")).asByteArray());

        String wrongMd5 = Base64.getEncoder().encodeToString(md5(bytes(7)));
        assertEquals("BadDigest", code(() -> s3.putObject(r -> r.bucket("ops").key("bad-md5").contentMD5(wrongMd5),
                RequestBody.fromBytes(bytes(1000)))));
        assertEquals(404, status(() -> s3.headObject(r -> r.bucket("ops").key("bad-md5"))), "nothing of a refused upload is visible");

        s3.copyObject(r -> r.sourceBucket("ops").sourceKey("doc.txt").destinationBucket("ops").destinationKey("copy-kept.txt"));
        s3.copyObject(r -> r.sourceBucket("ops").sourceKey("doc.txt").destinationBucket("ops").destinationKey("copy-replaced.txt")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("colour", "red")).contentType("text/x-new"));
        HeadObjectResponse kept = s3.headObject(r -> r.bucket("ops").key("copy-kept.txt"));
        HeadObjectResponse replaced = s3.headObject(r -> r.bucket("ops").key("copy-replaced.txt"));
        assertEquals(List.of("blue", "text/plain", "red", "text/x-new"),
                List.of(kept.metadata().get("colour"), kept.contentType(), replaced.metadata().get("colour"), replaced.contentType()));
        assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("ops").key("copy-replaced.txt")).asByteArray());
    }

    @Test
    void listingsWithDelimitersMarkersEncodingAndVersions() {
        s3.createBucket(r -> r.bucket("ops-list"));
        String longest = "long/" + "é".repeat(509) + "x"; // S3's longest key: 1,024 bytes of UTF-8
        assertEquals(1024, longest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        List<String> keys = List.of("tree/a/1", "tree/a/2", "tree/b/1", "tree/c", "tree/sp ace+é&%", "top", longest);
        for (String key : keys) {
            s3.putObject(r -> r.bucket("ops-list").key(key), RequestBody.fromString(key));
        }
        var folded = s3.listObjectsV2(r -> r.bucket("ops-list").prefix("tree/").delimiter("/"));
        assertEquals(List.of("tree/a/", "tree/b/"), folded.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(List.of("tree/c", "tree/sp ace+é&%"), folded.contents().stream().map(S3Object::key).toList());
        var encoded = s3.listObjectsV2(r -> r.bucket("ops-list").prefix("tree/s").encodingType(EncodingType.URL));
        assertEquals(List.of("tree/sp ace+é&%"), encoded.contents().stream().map(S3Object::key).toList(), "the SDK decodes what was sent encoded");
        assertEquals(List.of("tree/b/1", "tree/c"), s3.listObjectsV2(r -> r.bucket("ops-list").prefix("tree/").startAfter("tree/a/2").maxKeys(2))
                .contents().stream().map(S3Object::key).toList());
        var v1 = s3.listObjects(r -> r.bucket("ops-list").prefix("tree/").marker("tree/a/2").maxKeys(2));
        assertEquals(List.of("tree/b/1", "tree/c"), v1.contents().stream().map(o -> o.key()).toList());
        assertTrue(v1.isTruncated());
        List<ObjectVersion> versions = s3.listObjectVersions(r -> r.bucket("ops-list")).versions();
        assertEquals(keys.stream().sorted().toList(), versions.stream().map(ObjectVersion::key).toList());
        assertTrue(versions.stream().allMatch(v -> "null".equals(v.versionId()) && v.isLatest()), versions.toString());

        var quiet = s3.deleteObjects(r -> r.bucket("ops-list").delete(Delete.builder().quiet(true)
                .objects(ObjectIdentifier.builder().key("tree/a/1").build(), ObjectIdentifier.builder().key("tree/a/2").build()).build()));
        assertTrue(quiet.deleted().isEmpty() && quiet.errors().isEmpty(), quiet.toString());
        var verbose = s3.deleteObjects(r -> r.bucket("ops-list").delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("tree/b/1").build(), ObjectIdentifier.builder().key("never-there").build()).build()));
        assertEquals(List.of("never-there", "tree/b/1"), verbose.deleted().stream().map(d -> d.key()).sorted().toList());
        assertEquals(longest, new String(s3.getObjectAsBytes(r -> r.bucket("ops-list").key(longest)).asByteArray(),
                java.nio.charset.StandardCharsets.UTF_8));
        s3.deleteObject(r -> r.bucket("ops-list").key(longest));
        assertEquals(List.of("top", "tree/c", "tree/sp ace+é&%"), s3.listObjectsV2(r -> r.bucket("ops-list")).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    void multipartWithResentPartRangedCopyListingAndRefusals() throws Exception {
        byte[] source = bytes(6 * MIB + 7);
        s3.putObject(r -> r.bucket("ops").key("mp-source"), RequestBody.fromBytes(source));
        String id = s3.createMultipartUpload(r -> r.bucket("ops").key("mp")).uploadId();
        String first = s3.uploadPart(r -> r.bucket("ops").key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(bytes(5 * MIB))).eTag();
        byte[] p1 = bytes(5 * MIB + 1); // resent: replaces the first
        String e1 = s3.uploadPart(r -> r.bucket("ops").key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
        String e2 = s3.uploadPartCopy(r -> r.sourceBucket("ops").sourceKey("mp-source").destinationBucket("ops").destinationKey("mp")
                .uploadId(id).partNumber(2).copySourceRange("bytes=1-" + (5 * MIB))).copyPartResult().eTag();
        byte[] p3 = bytes(1000);
        String e3 = s3.uploadPart(r -> r.bucket("ops").key("mp").uploadId(id).partNumber(3), RequestBody.fromBytes(p3)).eTag();
        assertEquals(List.of(e1, e2, e3), s3.listParts(r -> r.bucket("ops").key("mp").uploadId(id)).parts().stream().map(p -> p.eTag()).toList());

        CompletedPart c1 = CompletedPart.builder().partNumber(1).eTag(e1).build();
        CompletedPart c2 = CompletedPart.builder().partNumber(2).eTag(e2).build();
        CompletedPart c3 = CompletedPart.builder().partNumber(3).eTag(e3).build();
        assertEquals("InvalidPartOrder", code(() -> s3.completeMultipartUpload(r -> r.bucket("ops").key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(c2, c1, c3)))));
        assertEquals("InvalidPart", code(() -> s3.completeMultipartUpload(r -> r.bucket("ops").key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(first).build(), c2, c3)))));
        assertEquals(404, status(() -> s3.headObject(r -> r.bucket("ops").key("mp"))), "a refused completion commits nothing");
        String etag = s3.completeMultipartUpload(r -> r.bucket("ops").key("mp").uploadId(id).multipartUpload(m -> m.parts(c1, c2, c3))).eTag();

        byte[] p2 = Arrays.copyOfRange(source, 1, 5 * MIB + 1);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ByteArrayOutputStream partMd5s = new ByteArrayOutputStream();
        for (byte[] part : List.of(p1, p2, p3)) {
            whole.write(part);
            partMd5s.write(md5(part));
        }
        assertEquals("\"" + HexFormat.of().formatHex(md5(partMd5s.toByteArray())) + "-3\"", etag);
        ResponseBytes<GetObjectResponse> back = s3.getObjectAsBytes(r -> r.bucket("ops").key("mp"));
        assertArrayEquals(whole.toByteArray(), back.asByteArray());
        assertEquals("NoSuchUpload", code(() -> s3.listParts(r -> r.bucket("ops").key("mp").uploadId(id))), "completed: the upload is gone");

        String small = s3.createMultipartUpload(r -> r.bucket("ops").key("too-small")).uploadId();
        String s1 = s3.uploadPart(r -> r.bucket("ops").key("too-small").uploadId(small).partNumber(1), RequestBody.fromBytes(bytes(1024))).eTag();
        String s2 = s3.uploadPart(r -> r.bucket("ops").key("too-small").uploadId(small).partNumber(2), RequestBody.fromBytes(bytes(1025))).eTag();
        assertEquals("EntityTooSmall", code(() -> s3.completeMultipartUpload(r -> r.bucket("ops").key("too-small").uploadId(small)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(s1).build(),
                        CompletedPart.builder().partNumber(2).eTag(s2).build())))));
        s3.abortMultipartUpload(r -> r.bucket("ops").key("too-small").uploadId(small));
        assertEquals("NoSuchUpload", code(() -> s3.uploadPart(r -> r.bucket("ops").key("too-small").uploadId(small).partNumber(3),
                RequestBody.fromBytes(bytes(10)))));
        assertEquals(404, status(() -> s3.headObject(r -> r.bucket("ops").key("too-small"))));
    }
}
