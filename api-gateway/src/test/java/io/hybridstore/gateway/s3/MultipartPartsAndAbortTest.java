package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.auth.sigv4.Hashes;
import io.hybridstore.common.auth.sigv4.SignedPayloadStream;
import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.spi.CommitGuard;
import io.hybridstore.common.spi.memory.ForwardingMultipartStore;
import io.hybridstore.common.spi.memory.InMemoryBucketStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.gateway.Fixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an UploadPart records of a body (its MD5 and no SHA-256 of its own, signed or not; a signed
 * body that does not match its hash is not recorded), the completed object's identity, and what an
 * AbortMultipartUpload racing the same upload's CompleteMultipartUpload does: an abort before the
 * completion's commit makes it answer {@code NoSuchUpload} with nothing committed; one after the
 * commit leaves the object whole. On the fakes and a fake clock.
 */
class MultipartPartsAndAbortTest {

    private final ManualTimeSource time = new ManualTimeSource(1_000_000);
    private final Fixture fixture = new Fixture(new InMemoryChunkStore(), Duration.ofSeconds(2), Duration.ofSeconds(2), time);
    private final InMemoryMultipartStore stored = new InMemoryMultipartStore();
    private final InMemoryBucketStore buckets = new InMemoryBucketStore();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Runs just before the completion commits (when it takes its guard), once. */
    private Consumer<String> beforeCommit = id -> { };
    /** Runs inside the completion's guarded commit, right after it, once. */
    private Consumer<String> afterCommit = id -> { };
    private final MultipartOperations multipart = new MultipartOperations(new ForwardingMultipartStore(stored) {
        @Override
        public CommitGuard completionGuard(String bucket, String uploadId) {
            beforeCommit.accept(uploadId);
            CommitGuard inner = super.completionGuard(bucket, uploadId);
            return (CommitGuard.Held) commit -> ((CommitGuard.Held) inner).commitWhileHeld(() -> {
                boolean done = commit.getAsBoolean();
                afterCommit.accept(uploadId);
                return done;
            });
        }
    }, fixture.blobs, fixture.blobReader, new S3Access(buckets, true), fixture.blobSettings, 1000, fixture.clock, threads);

    @AfterEach
    void close() {
        threads.shutdownNow();
        fixture.close();
    }

    @Test
    void partsAreNotHashedWithSha256AndTheObjectsIdentityComesFromTheirMd5s() throws Exception {
        buckets.create(new Bucket("b", S3Access.ANONYMOUS_OWNER, fixture.clock.millis(), "", false));
        String id = create("k");
        byte[] signed = bytes(3000, 1);
        String sha256 = Hashes.hex(Hashes.sha256().digest(signed));
        String etag1 = part("k", id, 1, new SignedPayloadStream(new ByteArrayInputStream(signed), sha256, signed.length), signed.length);
        byte[] plain = bytes(2000, 2);
        String etag2 = part("k", id, 2, plain);
        byte[] altered = signed.clone();
        altered[2999] ^= 1;
        AuthFailure mismatch = assertThrows(AuthFailure.class, () -> part("k", id, 3,
                new SignedPayloadStream(new ByteArrayInputStream(altered), sha256, altered.length), altered.length));

        assertEquals("XAmzContentSHA256Mismatch", mismatch.code());
        var parts = stored.parts("b", id);
        assertEquals(2, parts.size(), "parts 1 and 2; the altered part 3 is not recorded");
        assertEquals("\"" + md5Hex(signed) + "\"", etag1);
        assertEquals("\"" + md5Hex(plain) + "\"", etag2);
        assertNull(parts.get(0).sha256(), "a signed part: verified by the authenticator, no SHA-256 kept");
        assertNull(parts.get(1).sha256(), "an unsigned part: not hashed");

        String xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag1 + "</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>" + etag2 + "</ETag></Part></CompleteMultipartUpload>";
        assertEquals(200, multipart.complete(request("POST", "k", Map.of("uploadId", id), xml.getBytes(StandardCharsets.UTF_8))).status());
        BlobInfo blob = fixture.metadata.get("b/k").orElseThrow().metadata().blob();
        String md5s = md5Hex(signed) + md5Hex(plain);
        assertEquals(Hashes.hex(Hashes.sha256().digest(md5s.getBytes(StandardCharsets.US_ASCII))), blob.sha256(),
                "the object's identity: the SHA-256 of its parts' MD5s");
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        fixture.blobReader.open("b/k", null).writeTo(read);
        assertArrayEquals(concat(signed, plain), read.toByteArray());
    }

    @Test
    void anAbortBeforeTheCompletionCommitsMakesItFailWithNothingCommitted() {
        buckets.create(new Bucket("b", S3Access.ANONYMOUS_OWNER, fixture.clock.millis(), "", false));
        String id = create("k");
        String etag = part("k", id, 1, bytes(1500, 3));
        beforeCommit = upload -> {
            beforeCommit = u -> { };
            assertEquals(204, multipart.abort(request("DELETE", "k", Map.of("uploadId", upload), new byte[0])).status());
        };

        S3Exception refused = assertThrows(S3Exception.class, () -> complete("k", id, etag));

        assertEquals("NoSuchUpload", refused.code());
        assertTrue(fixture.metadata.get("b/k").isEmpty(), "no object over the aborted upload's chunks");
        assertTrue(stored.get("b", id).isEmpty() && stored.parts("b", id).isEmpty());
    }

    @Test
    void anAbortAfterTheCompletionCommittedLeavesTheObjectWhole() throws Exception {
        buckets.create(new Bucket("b", S3Access.ANONYMOUS_OWNER, fixture.clock.millis(), "", false));
        String id = create("k");
        byte[] body = bytes(1500, 4);
        String etag = part("k", id, 1, body);
        int[] abortStatus = new int[1];
        afterCommit = upload -> {
            afterCommit = u -> { };
            abortStatus[0] = multipart.abort(request("DELETE", "k", Map.of("uploadId", upload), new byte[0])).status();
        };

        assertEquals(200, complete("k", id, etag).status());

        assertEquals(204, abortStatus[0], "the abort came between the commit and the completion's own removal of the records");
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        fixture.blobReader.open("b/k", null).writeTo(read);
        assertArrayEquals(body, read.toByteArray());
        assertTrue(stored.get("b", id).isEmpty());
    }

    private S3Response complete(String key, String uploadId, String etag) {
        String xml = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + etag + "</ETag></Part></CompleteMultipartUpload>";
        return multipart.complete(request("POST", key, Map.of("uploadId", uploadId), xml.getBytes(StandardCharsets.UTF_8)));
    }

    private String create(String key) {
        multipart.create(request("POST", key, Map.of("uploads", ""), new byte[0]));
        return stored.list("b", 100).stream().filter(u -> u.key().equals(key)).findFirst().orElseThrow().uploadId();
    }

    private String part(String key, String uploadId, int number, byte[] body) {
        return part(key, uploadId, number, new ByteArrayInputStream(body), body.length);
    }

    private String part(String key, String uploadId, int number, InputStream body, int length) {
        Map<String, String> query = Map.of("uploadId", uploadId, "partNumber", Integer.toString(number));
        return multipart.uploadPart(request("PUT", key, query, body, length)).headers().get("ETag");
    }

    private static S3Request request(String method, String key, Map<String, String> query, byte[] body) {
        return request(method, key, query, new ByteArrayInputStream(body), body.length);
    }

    private static S3Request request(String method, String key, Map<String, String> query, InputStream body, int length) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-length", Integer.toString(length));
        return new S3Request(method, new S3Route("b", key), query, headers, body, Caller.ANONYMOUS, "r");
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return Hashes.hex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
