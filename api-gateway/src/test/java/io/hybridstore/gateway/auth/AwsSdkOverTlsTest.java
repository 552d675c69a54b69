package io.hybridstore.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.AccessKey;
import io.hybridstore.common.auth.sigv4.PayloadModes;
import io.hybridstore.common.auth.sigv4.SigV4Verifier;
import io.hybridstore.common.auth.sigv4.SigningKeys;
import io.hybridstore.common.spi.memory.InMemoryAccessKeyStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * Over TLS the SDK (like aws-cli 2.23+) does not sign the payload: it sends aws-chunked without
 * chunk signatures and a checksum trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER), which the verifier
 * checks against the decoded bytes.
 */
class AwsSdkOverTlsTest {

    @Test
    void unsignedChunkedUploadsWithChecksumTrailers(@TempDir Path dir) throws Exception {
        InMemoryAccessKeyStore keys = new InMemoryAccessKeyStore();
        AccessKey key = keys.create("alice");
        SelfSignedTls tls = SelfSignedTls.create(dir);
        try (SigV4TestServer server = new SigV4TestServer(
                new SigV4Authenticator(new SigV4Verifier(keys::find, "us-east-1", new SigningKeys(16))), tls.server());
             S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                     .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tls.trust()::getTrustManagers).build())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret()))).build()) {
            byte[] data = new byte[250_000];
            new Random(9).nextBytes(data);
            int n = 0;
            for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1,
                    ChecksumAlgorithm.SHA256)) {
                String name = "tls/" + algorithm;
                s3.putObject(b -> b.bucket("bucket").key(name).checksumAlgorithm(algorithm), RequestBody.fromBytes(data));
                assertArrayEquals(data, server.objects.get("/bucket/" + name), name);
                n++;
            }
            assertEquals(4, n);
            assertTrue(server.payloadModes.contains(PayloadModes.STREAMING_UNSIGNED_TRAILER), server.payloadModes.toString());
        }
    }
}
