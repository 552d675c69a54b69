package io.hybridstore.common.auth.sigv4;

import static io.hybridstore.common.auth.sigv4.SigV4FailureTest.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.SignedRequest;
import io.hybridstore.common.auth.Verified;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** aws-chunked bodies, signed and unsigned, with and without trailers, and every way they can be wrong. */
class AwsChunkedStreamTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
    private static final String TIMESTAMP = "20261204T100000Z";
    private final SigV4Verifier verifier = AwsExamples.verifier();
    private final TestSigner signer = new TestSigner(AwsExamples.KEY_ID, AwsExamples.SECRET, "us-east-1");
    private final byte[] data = random(200_000);

    @Test
    void theAwsExampleWithOneByteChunkAlteredFailsOnThatChunk() throws IOException {
        byte[] body = AwsExamples.chunkedBody();
        int inSecondChunk = body.length - 200;
        body[inSecondChunk] = 'b';
        InputStream in = verifier.verify(AwsExamples.chunkedPut()).body().apply(new ByteArrayInputStream(body));
        byte[] first = in.readNBytes(65536);
        assertEquals(65536, first.length, "the first chunk checked out and passed through");
        expect("SignatureDoesNotMatch", 403, () -> in.readAllBytes());
    }

    @Test
    void signedChunksRoundTripWhateverTheReadSize() throws IOException {
        SignedRequest put = streaming(PayloadModes.STREAMING_SIGNED, null);
        byte[] body = TestSigner.chunked(data, 65536, signer.signingKey(AT), TIMESTAMP, signer.scope(AT), signer.seed(put), null);
        for (int readSize : new int[] {1, 7, 8192, 65536, 1 << 20}) {
            InputStream in = verifier.verify(put).body().apply(new ByteArrayInputStream(body));
            assertArrayEquals(data, readInPieces(in, readSize), "read size " + readSize);
        }
    }

    @Test
    void signedChunksWithSignedChecksumTrailer() throws IOException {
        SignedRequest put = streaming(PayloadModes.STREAMING_SIGNED_TRAILER, "x-amz-checksum-crc32");
        String trailer = "x-amz-checksum-crc32:" + crc32(data) + "\n";
        byte[] body = TestSigner.chunked(data, 65536, signer.signingKey(AT), TIMESTAMP, signer.scope(AT), signer.seed(put), trailer);
        assertArrayEquals(data, verifier.verify(put).body().apply(new ByteArrayInputStream(body)).readAllBytes());

        String wrong = "x-amz-checksum-crc32:AAAAAA==\n";
        byte[] wrongBody = TestSigner.chunked(data, 65536, signer.signingKey(AT), TIMESTAMP, signer.scope(AT), signer.seed(put), wrong);
        expect("BadDigest", 400, () -> verifier.verify(put).body().apply(new ByteArrayInputStream(wrongBody)).readAllBytes());

        // The checksum right but the trailer signature over another value: the trailer was altered in flight.
        String forged = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("x-amz-checksum-crc32:" + crc32(data), "x-amz-checksum-crc32:" + crc32(new byte[1]));
        expect("SignatureDoesNotMatch", 403, () -> verifier.verify(put).body()
                .apply(new ByteArrayInputStream(forged.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).readAllBytes());
    }

    @Test
    void unsignedChunksWithChecksumTrailer() throws IOException {
        for (String algorithm : new String[] {"crc32", "crc32c", "crc64nvme", "sha1", "sha256"}) {
            SignedRequest put = streaming(PayloadModes.STREAMING_UNSIGNED_TRAILER, "x-amz-checksum-" + algorithm);
            TrailerChecksum checksum = TrailerChecksum.forHeader("x-amz-checksum-" + algorithm).orElseThrow();
            checksum.update(data, 0, data.length);
            String value = checksum.base64();
            String trailer = "x-amz-checksum-" + algorithm + ":" + value + "\n";
            byte[] body = TestSigner.chunked(data, 8192, null, null, null, null, trailer);
            InputStream in = verifier.verify(put).body().apply(new ByteArrayInputStream(body));
            assertEquals(Map.of(), ((io.hybridstore.common.auth.TrailingHeaders) in).trailers(), "nothing before the end");
            assertArrayEquals(data, in.readAllBytes(), algorithm);
            assertEquals(Map.of("x-amz-checksum-" + algorithm, value), ((io.hybridstore.common.auth.TrailingHeaders) in).trailers(),
                    "the checked trailer, for the S3 layer to keep");

            byte[] altered = body.clone();
            altered[100] ^= 1;
            expect("BadDigest", 400, () -> verifier.verify(put).body().apply(new ByteArrayInputStream(altered)).readAllBytes());
        }
    }

    @Test
    void theTrailerAnnouncedButMissing() {
        SignedRequest put = streaming(PayloadModes.STREAMING_UNSIGNED_TRAILER, "x-amz-checksum-crc32");
        byte[] body = TestSigner.chunked(data, 8192, null, null, null, null, null);
        expect("IncompleteBody", 400, () -> verifier.verify(put).body().apply(new ByteArrayInputStream(body)).readAllBytes());
        SignedRequest noHeader = streaming(PayloadModes.STREAMING_UNSIGNED_TRAILER, null);
        expect("InvalidRequest", 400, () -> verifier.verify(noHeader));
    }

    /** SDKs frame an anonymous upload too (aws-chunked, checksum trailer): decoded and checked, never passed on framed. */
    @Test
    void anAnonymousChunkedBodyIsDecodedAndItsTrailerChecked() throws Exception {
        java.util.function.Function<String, SignedRequest> anonymous = crc -> new SignedRequest("PUT", "/bucket/key", "",
                AwsExamples.headers("host", "h", "x-amz-content-sha256", PayloadModes.STREAMING_UNSIGNED_TRAILER,
                        "x-amz-trailer", "x-amz-checksum-crc32", "x-amz-decoded-content-length", Integer.toString(data.length),
                        "content-encoding", "aws-chunked"), AT);
        byte[] good = TestSigner.chunked(data, 8192, null, null, null, null, "x-amz-checksum-crc32:" + crc32(data) + "\n");
        var verified = verifier.verify(anonymous.apply(crc32(data)));
        assertTrue(verified.caller().anonymous());
        assertArrayEquals(data, verified.body().apply(new ByteArrayInputStream(good)).readAllBytes());
        byte[] wrong = TestSigner.chunked(data, 8192, null, null, null, null, "x-amz-checksum-crc32:AAAAAA==\n");
        expect("BadDigest", 400, () -> verifier.verify(anonymous.apply("")).body().apply(new ByteArrayInputStream(wrong)).readAllBytes());
    }

    @Test
    void truncatedBodiesAreIncomplete() {
        SignedRequest put = streaming(PayloadModes.STREAMING_SIGNED, null);
        byte[] body = TestSigner.chunked(data, 65536, signer.signingKey(AT), TIMESTAMP, signer.scope(AT), signer.seed(put), null);
        int[] cuts = {0, 10, 100, 65536 + 90, body.length - 90, body.length - 3};
        for (int cut : cuts) {
            byte[] truncated = Arrays.copyOf(body, cut);
            expect("IncompleteBody", 400, () -> verifier.verify(put).body().apply(new ByteArrayInputStream(truncated)).readAllBytes());
        }
        assertEquals(6, cuts.length);
    }

    @Test
    void decodedLengthMustMatch() {
        for (long declared : new long[] {data.length - 1, data.length + 1}) {
            SignedRequest put = SigV4FailureTest.withHeader(streaming(PayloadModes.STREAMING_UNSIGNED_TRAILER, "x-amz-checksum-crc32"),
                    "x-amz-decoded-content-length", Long.toString(declared));
            // Re-sign with the altered header: the length itself is what is wrong, not the signature.
            SignedRequest resigned = signer.sign("PUT", "/bucket/key", "", Map.of("host", "h", "x-amz-trailer", "x-amz-checksum-crc32",
                    "x-amz-decoded-content-length", Long.toString(declared)), PayloadModes.STREAMING_UNSIGNED_TRAILER, AT, AT);
            byte[] body = TestSigner.chunked(data, 8192, null, null, null, null, "x-amz-checksum-crc32:" + crc32(data) + "\n");
            expect("IncompleteBody", 400, () -> verifier.verify(resigned).body().apply(new ByteArrayInputStream(body)).readAllBytes());
            expect("SignatureDoesNotMatch", 403, () -> verifier.verify(put));
        }
    }

    @Test
    void malformedFraming() {
        SignedRequest put = streaming(PayloadModes.STREAMING_UNSIGNED_TRAILER, "x-amz-checksum-crc32");
        for (String body : new String[] {"zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcdef\r\n0\r\n\r\n", "x".repeat(5000) + "\r\n"}) {
            expect("InvalidRequest", 400, () -> verifier.verify(put).body()
                    .apply(new ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).readAllBytes());
        }
        SignedRequest signed = streaming(PayloadModes.STREAMING_SIGNED, null);
        expect("InvalidRequest", 400, () -> verifier.verify(signed).body()
                .apply(new ByteArrayInputStream("3\r\nabc\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).readAllBytes());
    }

    /** The last data bytes are never handed out before the final chunk and trailer checked out. */
    @Test
    void theLastBytesWaitForTheFinalChecks() throws IOException {
        SignedRequest put = streaming(PayloadModes.STREAMING_UNSIGNED_TRAILER, "x-amz-checksum-crc32");
        byte[] body = TestSigner.chunked(data, data.length, null, null, null, null, "x-amz-checksum-crc32:AAAAAA==\n");
        InputStream in = verifier.verify(put).body().apply(new ByteArrayInputStream(body));
        byte[] head = in.readNBytes(data.length - 1);
        assertEquals(data.length - 1, head.length);
        expect("BadDigest", 400, () -> in.read(new byte[1]));
    }

    private SignedRequest streaming(String mode, String trailer) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("host", "h", "content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", Integer.toString(data.length)));
        if (trailer != null) {
            headers.put("x-amz-trailer", trailer);
        }
        return signer.sign("PUT", "/bucket/key", "", headers, mode, AT, AT);
    }

    private static byte[] readInPieces(InputStream in, int size) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[size];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }
}
