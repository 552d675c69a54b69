package io.hybridstore.e2e.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Clock;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Signature V4 as the AWS SDK for Java v2 signs it, verified by a real gateway over a real cluster
 * ({@link SdkCluster}): every payload mode the SDK sends over plain HTTP, each checksum
 * trailer checked on upload and returned on request, the unsigned payload with a trailer that
 * clients send over TLS (as a TLS-terminating proxy forwards it), presigned GET and PUT and their
 * expiry (signed on a clock two hours back), wrong and unknown keys, anonymous requests to a
 * private and to a public-read bucket. The verifier's
 * edge cases (clock skew, a broken chunk signature, expiry on a fake clock) are pinned by the unit
 * tests beside it (`SigV4FailureTest`, `AwsChunkedStreamTest`, `AwsSdkSigV4Test`); this class shows
 * that the running product accepts and refuses what they say, and leaves nothing of a refused upload.
 */
class S3SigningEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    @RegisterExtension
    static final SdkCluster.Use CLUSTER = new SdkCluster.Use();
    private static URI endpoint;
    /** What each signed request was sent with ({@code x-amz-content-sha256}), as the SDK put it on the wire. */
    private static final List<String> PAYLOAD_MODES = new CopyOnWriteArrayList<>();
    private static final ExecutionInterceptor RECORDER = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.httpRequest().firstMatchingHeader("x-amz-content-sha256").ifPresent(PAYLOAD_MODES::add);
        }
    };

    @BeforeAll
    static void buckets() {
        endpoint = CLUSTER.get().endpoint();
        S3Client owner = client(secret(), b -> { });
        owner.createBucket(r -> r.bucket("signed"));
        owner.createBucket(r -> r.bucket("open").acl(BucketCannedACL.PUBLIC_READ));
    }

    private static String keyId() {
        return CLUSTER.get().keyId();
    }

    private static String secret() {
        return CLUSTER.get().secret();
    }

    private static S3Client client(String secret, Consumer<S3ClientBuilder> options) {
        return client(keyId(), secret, options);
    }

    private static S3Client client(String keyId, String secret, Consumer<S3ClientBuilder> options) {
        return CLUSTER.get().client(keyId, secret, RECORDER, options);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** The SDK's default over HTTP: signed aws-chunked bodies with a signed checksum trailer, one per algorithm. */
    @Test
    void everyChecksumTrailerIsCheckedOnUploadAndReturnedOnRequest() {
        S3Client s3 = client(secret(), b -> { });
        byte[] data = bytes(1_500_000); // a replicated blob below a stripe, and several aws-chunked chunks
        int checked = 0;
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1,
                ChecksumAlgorithm.SHA256)) {
            String key = "trailer/" + algorithm + "/a b+c&é";
            PutObjectResponse put = s3.putObject(r -> r.bucket("signed").key(key).checksumAlgorithm(algorithm), RequestBody.fromBytes(data));
            assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("signed").key(key)).asByteArray(), key);
            HeadObjectResponse head = s3.headObject(r -> r.bucket("signed").key(key).checksumMode(ChecksumMode.ENABLED));
            String sent = switch (algorithm) {
                case CRC32 -> put.checksumCRC32();
                case CRC32_C -> put.checksumCRC32C();
                case SHA1 -> put.checksumSHA1();
                default -> put.checksumSHA256();
            };
            String kept = switch (algorithm) {
                case CRC32 -> head.checksumCRC32();
                case CRC32_C -> head.checksumCRC32C();
                case SHA1 -> head.checksumSHA1();
                default -> head.checksumSHA256();
            };
            assertTrue(sent != null && sent.equals(kept), algorithm + ": sent " + sent + ", kept " + kept);
            checked++;
        }
        assertEquals(4, checked);
        assertTrue(PAYLOAD_MODES.contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"), PAYLOAD_MODES.toString());
    }

    @Test
    void chunkedSignedAndHexSignedBodiesWithoutTrailers() {
        S3Client chunked = client(secret(), b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED));
        byte[] a = bytes(700_000);
        chunked.putObject(r -> r.bucket("signed").key("chunked.bin"), RequestBody.fromBytes(a));
        assertArrayEquals(a, chunked.getObjectAsBytes(r -> r.bucket("signed").key("chunked.bin")).asByteArray());
        assertTrue(PAYLOAD_MODES.contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), PAYLOAD_MODES.toString());

        S3Client hex = client(secret(), b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()));
        byte[] c = bytes(300_000);
        hex.putObject(r -> r.bucket("signed").key("hex.bin"), RequestBody.fromBytes(c));
        assertArrayEquals(c, hex.getObjectAsBytes(r -> r.bucket("signed").key("hex.bin")).asByteArray());
        assertTrue(PAYLOAD_MODES.stream().anyMatch(m -> m.matches("[0-9a-f]{64}")), PAYLOAD_MODES.toString());
    }

    /**
     * What the gateway receives behind a TLS-terminating proxy from the SDK or aws-cli 2.23+: over TLS
     * they do not sign the payload but send aws-chunked with a checksum trailer. Signed here by the
     * SDK's own signer for an https request, then sent over plain HTTP as the proxy would forward it
     * (the signature covers the host, not the scheme). A wrong trailer checksum is refused, and leaves nothing.
     */
    @Test
    void unsignedPayloadWithChecksumTrailerAsATlsProxyForwardsIt() throws Exception {
        byte[] data = bytes(400_000);
        HttpResponse<String> stored = sendUnsignedWithTrailer("signed/unsigned-trailer.bin", data, false);
        assertEquals(200, stored.statusCode(), stored.body());
        S3Client owner = client(secret(), b -> { });
        assertArrayEquals(data, owner.getObjectAsBytes(r -> r.bucket("signed").key("unsigned-trailer.bin")).asByteArray());

        HttpResponse<String> corrupted = sendUnsignedWithTrailer("signed/bad-trailer.bin", data, true);
        assertEquals(400, corrupted.statusCode(), corrupted.body());
        assertTrue(corrupted.body().contains("<Code>BadDigest</Code>") || corrupted.body().contains("<Code>InvalidRequest</Code>"),
                corrupted.body());
        assertEquals(404, assertThrows(S3Exception.class, () -> owner.headObject(r -> r.bucket("signed").key("bad-trailer.bin")))
                .statusCode(), "nothing of the refused upload is visible");
    }

    /** A PUT signed by the SDK's signer as over TLS (unsigned aws-chunked, CRC32 trailer), sent over HTTP; {@code flip} changes one byte of the body after signing. */
    private static HttpResponse<String> sendUnsignedWithTrailer(String path, byte[] data, boolean flip) throws Exception {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).protocol("https").host(endpoint.getHost())
                .port(endpoint.getPort()).encodedPath("/" + path).putHeader("Content-Length", Integer.toString(data.length)).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(keyId(), secret()))
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(data))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false).putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false).putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));
        assertEquals(List.of("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), signed.request().headers().get("x-amz-content-sha256"));
        byte[] body = signed.payload().orElseThrow().newStream().readAllBytes();
        if (flip) {
            body[100] ^= 1; // inside the first chunk's data: no chunk signature to break, only the trailer's checksum
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://" + endpoint.getHost() + ":" + endpoint.getPort() + "/" + path))
                .version(HttpClient.Version.HTTP_1_1).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        return HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongSecretAndUnknownKeyAreRefusedAndLeaveNothing() {
        S3Client wrong = client(secret().substring(1) + "x", b -> { });
        S3Exception refused = assertThrows(S3Exception.class,
                () -> wrong.putObject(r -> r.bucket("signed").key("never.bin"), RequestBody.fromBytes(bytes(200_000))));
        assertEquals(403, refused.statusCode());
        assertEquals("SignatureDoesNotMatch", refused.awsErrorDetails().errorCode());
        S3Client unknown = client("AKIDNOSUCHKEY0000000", secret(), b -> { });
        S3Exception noKey = assertThrows(S3Exception.class, () -> unknown.getObject(r -> r.bucket("signed").key("hex.bin")));
        assertEquals("InvalidAccessKeyId", noKey.awsErrorDetails().errorCode());
        S3Client owner = client(secret(), b -> { });
        assertEquals(404, assertThrows(S3Exception.class, () -> owner.headObject(r -> r.bucket("signed").key("never.bin"))).statusCode(),
                "nothing of the refused upload is visible");
    }

    @Test
    void anonymousRequestsReadOnlyPublicBuckets() throws Exception {
        S3Client owner = client(secret(), b -> { });
        owner.putObject(r -> r.bucket("signed").key("private.txt"), RequestBody.fromString("private"));
        owner.putObject(r -> r.bucket("open").key("public.txt"), RequestBody.fromString("public"));
        HttpResponse<String> denied = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/signed/private.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("<Code>AccessDenied</Code>"), denied.body());
        assertTrue(denied.headers().firstValue("x-amz-request-id").isPresent(), "every answer carries a request id");
        HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/open/public.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, open.statusCode());
        assertEquals("public", open.body());
        HttpResponse<String> anonymousPut = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/open/written.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, anonymousPut.statusCode(), "public-read is read only");
    }

    @Test
    void presignedPutAndGetAndTheirExpiry() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId(), secret()))).build()) {
            byte[] data = bytes(2_300_000); // striped: a blob of one RS(4,2) stripe
            URI put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofHours(1))
                    .putObjectRequest(r -> r.bucket("signed").key("shared/report 1.pdf"))).url().toURI();
            HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(data))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stored.statusCode(), stored.body());

            URI get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofHours(1))
                    .getObjectRequest(r -> r.bucket("signed").key("shared/report 1.pdf"))).url().toURI();
            HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertArrayEquals(data, got.body());

            // Signed two hours ago for one hour (the SDK's signer on a clock of its own): past its expiry now.
            SignedRequest old = presignedGet("/signed/shared/report%201.pdf", Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
            HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(overHttp(old)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, expired.statusCode(), expired.body());
            assertTrue(expired.body().contains("<Code>AccessDenied</Code>") && expired.body().contains("expired"), expired.body());
            SignedRequest fresh = presignedGet("/signed/shared/report%201.pdf", Clock.systemUTC());
            HttpResponse<String> good = HTTP.send(HttpRequest.newBuilder(overHttp(fresh)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, good.statusCode(), "the same URL signed now is good: " + overHttp(fresh) + " " + good.body());

            URI tampered = URI.create(get.toString().replace("report%201.pdf", "report%202.pdf"));
            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, other.statusCode(), "a presigned URL signs its key");
            assertTrue(Set.of("SignatureDoesNotMatch", "AccessDenied").stream().anyMatch(c -> other.body().contains("<Code>" + c + "</Code>")),
                    other.body());
        }
    }

    /**
     * A GET presigned for one hour by the SDK's signer on {@code clock}. Signed as https (over http the
     * signer would sign an empty body's hash, where a presigned URL has UNSIGNED-PAYLOAD), sent over http.
     */
    private static SignedRequest presignedGet(String encodedPath, Clock clock) {
        SdkHttpFullRequest get = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("https").host(endpoint.getHost())
                .port(endpoint.getPort()).encodedPath(encodedPath).build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(keyId(), secret())).request(get)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofHours(1))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    }

    /** A request signed as https, addressed over plain HTTP to the same host and port. */
    private static URI overHttp(SignedRequest signed) {
        return URI.create(signed.request().getUri().toString().replaceFirst("^https:", "http:"));
    }
}
