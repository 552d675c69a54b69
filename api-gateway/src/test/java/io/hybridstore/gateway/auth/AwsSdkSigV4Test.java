package io.hybridstore.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.sigv4.PayloadModes;
import io.hybridstore.common.auth.sigv4.SigV4Verifier;
import io.hybridstore.common.auth.sigv4.SigningKeys;
import io.hybridstore.common.spi.memory.InMemoryAccessKeyStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The AWS SDK for Java v2, unmodified, signs real requests against {@link SigV4Authenticator}:
 * chunked signed uploads with and without checksum trailers (every algorithm the SDK offers), a
 * signed single-chunk body, presigned GET and PUT, and the failures (wrong secret, unknown key,
 * expired URL, skewed clock). Proves the verifier against the real client before the S3 listener exists.
 */
class AwsSdkSigV4Test {

    private final InMemoryAccessKeyStore keys = new InMemoryAccessKeyStore();
    private final AccessKey key = keys.create("alice");
    private SigV4TestServer server;
    private final List<S3Client> clients = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new SigV4TestServer(new SigV4Authenticator(new SigV4Verifier(keys::find, "us-east-1", new SigningKeys(16))));
    }

    @AfterEach
    void stop() {
        clients.forEach(S3Client::close);
        server.close();
    }

    private S3Client client(String secret, Consumer<S3ClientBuilder> options) {
        S3ClientBuilder builder = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), secret)));
        options.accept(builder);
        S3Client client = builder.build();
        clients.add(client);
        return client;
    }

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private void roundTrip(S3Client s3, String name, byte[] data, ChecksumAlgorithm algorithm) {
        s3.putObject(b -> b.bucket("bucket").key(name).checksumAlgorithm(algorithm), RequestBody.fromBytes(data));
        assertArrayEquals(data, server.objects.get("/bucket/" + name), name);
        byte[] back = s3.getObjectAsBytes(b -> b.bucket("bucket").key(name)).asByteArray();
        assertArrayEquals(data, back);
    }

    /**
     * The SDK's default over plain HTTP: signed aws-chunked with a signed checksum trailer. CRC64NVME
     * needs the SDK's native CRT library in the client; our side of it is pinned by its check value.
     */
    @Test
    void chunkedSignedUploadsWithEveryChecksumTrailer() {
        S3Client s3 = client(key.secret(), b -> { });
        byte[] data = data(300_000);
        int n = 0;
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1,
                ChecksumAlgorithm.SHA256)) {
            roundTrip(s3, "trailer/" + algorithm + "/a b+c&é", data, algorithm);
            n++;
        }
        assertEquals(4, n);
        assertTrue(server.payloadModes.contains(PayloadModes.STREAMING_SIGNED_TRAILER), server.payloadModes.toString());
    }

    @Test
    void chunkedSignedUploadWithoutTrailer() {
        S3Client s3 = client(key.secret(), b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED));
        roundTrip(s3, "plain-chunked", data(200_000), null);
        roundTrip(s3, "empty", new byte[0], null);
        assertTrue(server.payloadModes.contains(PayloadModes.STREAMING_SIGNED), server.payloadModes.toString());
    }

    @Test
    void signedSingleChunkBody() {
        S3Client s3 = client(key.secret(), b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()));
        roundTrip(s3, "dir/hex-signed", data(100_000), null);
        assertTrue(server.payloadModes.stream().anyMatch(m -> m.matches("[0-9a-f]{64}")), server.payloadModes.toString());
    }

    /**
     * The canonicalisation edge cases MinIO and RGW document, signed by the real SDK: reserved and
     * non-ASCII characters in keys, runs of spaces in a signed header, query values with spaces,
     * slashes and repeated keys, an empty query value.
     */
    @Test
    void awkwardKeysHeadersAndQueries() {
        S3Client s3 = client(key.secret(), b -> { });
        List<String> names = List.of("a b/c+d", "100%/x=y&z", "quote\"and'apos", "é/ünï/中文", "tilde~and*star", "semi;colon,comma",
                "x".repeat(1000));
        for (String name : names) {
            s3.putObject(b -> b.bucket("bucket").key(name).metadata(java.util.Map.of("note", "  two  spaces   here ")),
                    RequestBody.fromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertArrayEquals(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), server.objects.get("/bucket/" + name), name);
        }
        assertEquals(names.size(), server.objects.size());
        // Not an object: our stand-in answers NoSuchKey, which proves the signature (with its query) checked out.
        S3Exception listing = assertThrows(S3Exception.class, () -> s3.listObjectsV2(b -> b.bucket("bucket").prefix("a b/c+d")
                .delimiter("/").startAfter("é").maxKeys(7)));
        assertEquals("NoSuchKey", listing.awsErrorDetails().errorCode());
        S3Exception acl = assertThrows(S3Exception.class, () -> s3.getBucketAcl(b -> b.bucket("bucket")));
        assertEquals("NoSuchKey", acl.awsErrorDetails().errorCode(), "?acl with an empty value");
    }

    @Test
    void wrongSecretAndUnknownKey() {
        S3Exception wrong = assertThrows(S3Exception.class, () -> client(key.secret().substring(1) + "x", b -> { })
                .getObject(b -> b.bucket("bucket").key("k")));
        assertEquals(403, wrong.statusCode());
        assertEquals("SignatureDoesNotMatch", wrong.awsErrorDetails().errorCode());
        keys.revoke(key.id());
        S3Exception revoked = assertThrows(S3Exception.class, () -> client(key.secret(), b -> { })
                .putObject(b -> b.bucket("bucket").key("k"), RequestBody.fromBytes(data(10))));
        assertEquals("InvalidAccessKeyId", revoked.awsErrorDetails().errorCode());
        assertTrue(server.objects.isEmpty());
    }

    @Test
    void skewedClock() {
        server.clockOffset.set(Duration.ofMinutes(20));
        S3Client s3 = client(key.secret(), b -> b.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))));
        S3Exception skewed = assertThrows(S3Exception.class, () -> s3.getObject(b -> b.bucket("bucket").key("k")));
        assertEquals("RequestTimeTooSkewed", skewed.awsErrorDetails().errorCode());
    }

    @Test
    void presignedPutAndGetAndExpiry() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret()))).build()) {
            HttpClient http = HttpClient.newHttpClient();
            byte[] data = data(50_000);
            URI put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofHours(1))
                    .putObjectRequest(r -> r.bucket("bucket").key("shared/report 1.pdf"))).url().toURI();
            HttpResponse<String> stored = http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(data))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stored.statusCode(), stored.body());
            assertArrayEquals(data, server.objects.get("/bucket/shared/report 1.pdf"));

            URI get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofHours(1))
                    .getObjectRequest(r -> r.bucket("bucket").key("shared/report 1.pdf"))).url().toURI();
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertArrayEquals(data, got.body());

            server.clockOffset.set(Duration.ofHours(1).plusSeconds(5));
            HttpResponse<String> expired = http.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, expired.statusCode());
            assertTrue(expired.body().contains("<Code>AccessDenied</Code>") && expired.body().contains("Request has expired"), expired.body());
        }
    }
}
