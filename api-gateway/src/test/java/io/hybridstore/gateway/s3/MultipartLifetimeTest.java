package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.Caller;
import io.hybridstore.common.model.Bucket;
import io.hybridstore.common.repair.UploadSweeper;
import io.hybridstore.common.spi.memory.InMemoryBucketStore;
import io.hybridstore.common.spi.memory.InMemoryChunkStore;
import io.hybridstore.common.spi.memory.InMemoryMultipartStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import io.hybridstore.gateway.Fixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How long a multipart upload lives, on a fake clock: the gateway's max upload time is 1 minute
 * (the fixture's) and the healer's sweeper removes uploads idle for 2 minutes. An upload that keeps
 * sending parts completes however old it is; an idle one is swept and answers {@code NoSuchUpload}.
 */
class MultipartLifetimeTest {

    private static final Duration SWEEP_AGE = Duration.ofMinutes(2);

    private final ManualTimeSource time = new ManualTimeSource(1_000_000);
    private final Fixture fixture = new Fixture(new InMemoryChunkStore(), Duration.ofSeconds(2), Duration.ofSeconds(2), time);
    private final InMemoryMultipartStore uploads = new InMemoryMultipartStore();
    private final InMemoryBucketStore buckets = new InMemoryBucketStore();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final MultipartOperations multipart = new MultipartOperations(uploads, fixture.blobs, fixture.blobReader,
            new S3Access(buckets, true), fixture.blobSettings, 1000, fixture.clock, threads);
    private final UploadSweeper sweeper = new UploadSweeper(uploads, fixture.clock, SWEEP_AGE, 100);

    @AfterEach
    void close() {
        threads.shutdownNow();
        fixture.close();
    }

    @Test
    void anActiveUploadOlderThanBothLimitsCompletesAndAnIdleOneIsSwept() throws Exception {
        buckets.create(new Bucket("b", S3Access.ANONYMOUS_OWNER, fixture.clock.millis(), "", false));
        String active = create("active");
        String idle = create("idle");
        byte[] first = bytes(3000, 1);
        byte[] second = bytes(2500, 2);
        byte[] last = bytes(700, 3);
        String e1 = part("active", active, 1, first);
        part("idle", idle, 1, bytes(1500, 4));
        time.advance(Duration.ofSeconds(90));
        String e2 = part("active", active, 2, second);
        time.advance(Duration.ofSeconds(90));
        String e3 = part("active", active, 3, last);
        time.advance(Duration.ofSeconds(90));

        assertEquals(1, sweeper.sweep(), "the idle upload: 4.5 min old, idle as long");
        S3Exception gone = assertThrows(S3Exception.class, () -> part("idle", idle, 2, bytes(1500, 5)));
        assertEquals("NoSuchUpload", gone.code());
        String xml = "<CompleteMultipartUpload>" + completed(1, e1) + completed(2, e2) + completed(3, e3) + "</CompleteMultipartUpload>";
        S3Response done = multipart.complete(request("POST", "active", Map.of("uploadId", active), xml.getBytes(StandardCharsets.UTF_8)));

        assertEquals(200, done.status(), "4.5 min old, 4.5 times the gateway's max upload time, last active 1.5 min ago");
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        fixture.blobReader.open("b/active", null).writeTo(read);
        assertArrayEquals(concat(first, second, last), read.toByteArray());
        assertTrue(uploads.get("b", active).isEmpty(), "the completion removed the upload's records");
        assertEquals(0, sweeper.sweep());
    }

    @Test
    void aCompletionTouchesItsUploadSoTheSweeperWaitsAFullAgeFromIt() {
        buckets.create(new Bucket("b", S3Access.ANONYMOUS_OWNER, fixture.clock.millis(), "", false));
        String id = create("k");
        part("k", id, 1, bytes(1000, 1));
        time.advance(Duration.ofSeconds(110));
        S3Exception refused = assertThrows(S3Exception.class, () -> multipart.complete(request("POST", "k", Map.of("uploadId", id),
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"wrong\"</ETag></Part></CompleteMultipartUpload>"
                        .getBytes(StandardCharsets.UTF_8))));
        assertEquals("InvalidPart", refused.code());
        time.advance(Duration.ofSeconds(110)); // 220 s since the part, 110 s since the completion's touch

        assertEquals(0, sweeper.sweep(), "touched by the completion 110 s ago");
        time.advance(Duration.ofSeconds(11));
        assertEquals(1, sweeper.sweep());
    }

    private String create(String key) {
        multipart.create(request("POST", key, Map.of("uploads", ""), new byte[0]));
        return uploads.list("b", 100).stream().filter(u -> u.key().equals(key)).findFirst().orElseThrow().uploadId();
    }

    private String part(String key, String uploadId, int number, byte[] body) {
        Map<String, String> query = Map.of("uploadId", uploadId, "partNumber", Integer.toString(number));
        return multipart.uploadPart(request("PUT", key, query, body)).headers().get("ETag");
    }

    private static S3Request request(String method, String key, Map<String, String> query, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-length", Integer.toString(body.length));
        return new S3Request(method, new S3Route("b", key), query, headers, new ByteArrayInputStream(body), Caller.ANONYMOUS, "r");
    }

    private static String completed(int number, String etag) {
        return "<Part><PartNumber>" + number + "</PartNumber><ETag>" + etag + "</ETag></Part>";
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] a : arrays) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }
}
