package io.hybridstore.common.auth.sigv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.Verified;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The verifier accepts AWS's own published examples, signature for signature. */
class SigV4KnownAnswerTest {

    private final SigV4Verifier verifier = AwsExamples.verifier();

    @Test
    void getObjectWithRange() {
        Verified verified = verifier.verify(AwsExamples.getObject());
        assertEquals(AwsExamples.KEY_ID, verified.caller().accessKeyId().orElseThrow());
        assertEquals("example-owner", verified.caller().owner().orElseThrow());
    }

    /** The key is {@code test$file.text}: whether the client sent '$' or '%24', the canonical path is the same. */
    @Test
    void putObjectWithDateHeaderAndSignedBody() throws IOException {
        for (String path : new String[] {"/test$file.text", "/test%24file.text"}) {
            Verified verified = verifier.verify(AwsExamples.putObject(path));
            byte[] body = read(verified.body().apply(new ByteArrayInputStream(AwsExamples.PUT_OBJECT_BODY.getBytes(StandardCharsets.UTF_8))));
            assertEquals(AwsExamples.PUT_OBJECT_BODY, new String(body, StandardCharsets.UTF_8), path);
        }
    }

    @Test
    void bucketSubresourceWithoutValue() {
        verifier.verify(AwsExamples.bucketGet("lifecycle", AwsExamples.LIFECYCLE_SIGNATURE));
    }

    /** Sent unsorted, signed sorted. */
    @Test
    void listObjectsQuerySorted() {
        verifier.verify(AwsExamples.bucketGet("prefix=J&max-keys=2", AwsExamples.LIST_OBJECTS_SIGNATURE));
        verifier.verify(AwsExamples.bucketGet("max-keys=2&prefix=J", AwsExamples.LIST_OBJECTS_SIGNATURE));
    }

    @Test
    void presignedGet() {
        Verified verified = verifier.verify(AwsExamples.presigned(AwsExamples.AT.plusSeconds(3600)));
        assertEquals(AwsExamples.KEY_ID, verified.caller().accessKeyId().orElseThrow());
    }

    @Test
    void chunkedUploadSeedAndChunkSignatures() throws IOException {
        Verified verified = verifier.verify(AwsExamples.chunkedPut());
        byte[] decoded = read(verified.body().apply(new ByteArrayInputStream(AwsExamples.chunkedBody())));
        assertEquals(66560, decoded.length);
        assertArrayEquals("a".repeat(66560).getBytes(StandardCharsets.US_ASCII), decoded);
    }

    /** The chain itself, link by link, against the published chunk signatures. */
    @Test
    void chunkSignatureChain() {
        Scope scope = new Scope(AwsExamples.KEY_ID, "20130524", "us-east-1", "s3");
        ChunkSignatures chain = new ChunkSignatures(SigningKeys.derive(AwsExamples.SECRET, scope), AwsExamples.DATE, scope,
                AwsExamples.SEED_SIGNATURE);
        assertTrue(chain.nextChunk(Hashes.sha256().digest("a".repeat(65536).getBytes(StandardCharsets.US_ASCII)), AwsExamples.CHUNK1_SIGNATURE));
        assertTrue(chain.nextChunk(Hashes.sha256().digest("a".repeat(1024).getBytes(StandardCharsets.US_ASCII)), AwsExamples.CHUNK2_SIGNATURE));
        assertFalse(chain.nextChunk(Hashes.sha256().digest(new byte[0]), AwsExamples.CHUNK2_SIGNATURE), "a signature is not valid twice");
    }

    @Test
    void noCredentialsIsAnonymous() {
        var request = new io.hybridstore.common.auth.SignedRequest("GET", "/bucket/key", "", AwsExamples.headers("host", "localhost:9000"),
                AwsExamples.AT);
        assertTrue(verifier.verify(request).caller().anonymous());
        assertFalse(SigV4Verifier.carriesCredentials(request));
    }

    /** Check values of the trailer checksums (CRC catalogue "123456789"). */
    @Test
    void checksumCheckValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        Crc64Nvme crc64 = new Crc64Nvme();
        crc64.update(check, 0, check.length);
        assertEquals(0xAE8B14860A799888L, crc64.getValue());
        CRC32 crc32 = new CRC32();
        crc32.update(check);
        assertEquals(0xCBF43926L, crc32.getValue());
        TrailerChecksum sha256 = TrailerChecksum.forHeader("x-amz-checksum-sha256").orElseThrow();
        sha256.update(check, 0, check.length);
        assertEquals("FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=", sha256.base64());
        TrailerChecksum crc32Trailer = TrailerChecksum.forHeader("X-Amz-Checksum-CRC32").orElseThrow();
        crc32Trailer.update(check, 0, check.length);
        assertEquals("y/Q5Jg==", crc32Trailer.base64());
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
