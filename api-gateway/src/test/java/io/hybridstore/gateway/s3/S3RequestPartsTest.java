package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing, bucket names, aws-chunked unframing and upload digests: the pure parts of a request. */
class S3RequestPartsTest {

    private static final List<String> DOMAINS = List.of("localhost", "s3.example.org");

    @Test
    void pathStyleNamesBucketAndKeyWithPercentDecodingAndPlusKept() {
        assertEquals(new S3Route(null, null), S3Route.parse("127.0.0.1:9000", "/", DOMAINS));
        assertEquals(new S3Route("b", null), S3Route.parse("127.0.0.1:9000", "/b", DOMAINS));
        assertEquals(new S3Route("b", null), S3Route.parse("127.0.0.1:9000", "/b/", DOMAINS));
        assertEquals(new S3Route("b", "a b/c+d&é\"%"), S3Route.parse("127.0.0.1", "/b/a%20b/c+d%26%C3%A9%22%25", DOMAINS));
        assertEquals(new S3Route("b", "dir/"), S3Route.parse(null, "/b/dir/", DOMAINS));
    }

    @Test
    void virtualHostStyleTakesTheBucketFromTheHost() {
        assertEquals(new S3Route("photos", null), S3Route.parse("photos.localhost:9000", "/", DOMAINS));
        assertEquals(new S3Route("my.bucket", "x/y"), S3Route.parse("my.bucket.S3.example.org", "/x/y", DOMAINS));
        assertEquals(new S3Route("localhost", null), S3Route.parse("other.host", "/localhost", DOMAINS)); // path style
        assertThrows(S3Exception.class, () -> S3Route.parse("h", "/b/%zz", DOMAINS));
    }

    @Test
    void queryParametersAreDecodedAndFlagsHaveEmptyValues() {
        Map<String, String> q = S3Route.parseQuery("list-type=2&prefix=a%2Fb%20c&delete&start-after=x+y");
        assertEquals("2", q.get("list-type"));
        assertEquals("a/b c", q.get("prefix"));
        assertEquals("", q.get("delete"));
        assertEquals("x y", q.get("start-after"));
    }

    @Test
    void bucketNamesFollowS3Rules() {
        for (String good : List.of("abc", "my-bucket.2", "a".repeat(63))) {
            assertNull(BucketNames.problem(good), good);
        }
        int bad = 0;
        for (String name : List.of("ab", "a".repeat(64), "Upper", "-start", "end-", "a..b", "a.-b", "192.168.1.1", "xn--abc", "a_b",
                "x-s3alias")) {
            assertEquals("InvalidBucketName", assertThrows(S3Exception.class, () -> BucketNames.validate(name)).code(), name);
            bad++;
        }
        assertEquals(11, bad);
    }

    @Test
    void uploadDigestsCheckContentMd5AndChecksumsAtTheEndOfTheBody() throws IOException {
        byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
        String md5 = "XrY7u+Ae7tCTyyK7j1rNww=="; // MD5("hello world")
        UploadDigests good = new UploadDigests(new ByteArrayInputStream(hello), md5, ChecksumAlgorithm.CRC32, "DUoRhQ==");
        assertArrayEquals(hello, good.readAllBytes());
        assertEquals("5eb63bbbe01eeed093cb22bb8f5acdc3", good.md5Hex());
        assertEquals("DUoRhQ==", good.checksum());

        String otherMd5 = Base64.getEncoder().encodeToString(new byte[16]);
        UploadDigests badMd5 = new UploadDigests(new ByteArrayInputStream(hello), otherMd5, null, null);
        assertEquals("BadDigest", assertThrows(S3Exception.class, badMd5::readAllBytes).code());
        UploadDigests badCrc = new UploadDigests(new ByteArrayInputStream(hello), null, ChecksumAlgorithm.CRC32, "AAAAAA==");
        assertEquals("BadDigest", assertThrows(S3Exception.class, badCrc::readAllBytes).code());
        assertEquals("InvalidDigest", assertThrows(S3Exception.class,
                () -> new UploadDigests(new ByteArrayInputStream(hello), "not-base64!", null, null)).code());
    }

    @Test
    void aReaderThatStopsAtTheDeclaredLengthStillHasTheDigestChecked() throws IOException {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        UploadDigests digests = new UploadDigests(new ByteArrayInputStream(hello), Base64.getEncoder().encodeToString(new byte[16]),
                null, null);
        assertEquals(5, digests.readNBytes(new byte[5], 0, 5)); // no end seen yet
        assertEquals("BadDigest", assertThrows(S3Exception.class, digests::md5Hex).code());
    }
}
