package io.hybridstore.gateway.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.auth.AuthFailure;
import io.hybridstore.common.auth.sigv4.SignedPayloadStream;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.gateway.Fixture;
import io.hybridstore.gateway.blob.BlobResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A blob whose SHA-256 the authenticator verified while it streamed (a payload signed as its hex
 * SHA-256) takes that value and is not hashed again; a body that does not match commits nothing.
 * Small (replicated) and striped sizes, over the fakes (1 KiB small blobs, 4 KiB stripes).
 */
class VerifiedSha256WriteTest {

    private static final int[] SIZES = {0, 700, 1024, 1025, 3 * 4096 + 5};
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theVerifiedValueIsTheBlobsSha256AndTheWriterDoesNotHashAgain() {
        int checked = 0;
        // Striped sizes: a replicated blob's hash also names its chunk, and the node checks it against the bytes.
        for (int size : new int[] {1025, 3 * 4096 + 5}) {
            // A value no hash of these bytes gives: recorded as it is, so the writer took it and computed none.
            String given = "ab".repeat(32);
            BlobResult result = f.blobs.write(new BlobWriter.Upload("given/" + size, "x/y", null, (long) size, null, () -> given),
                    new ByteArrayInputStream(bytes(size)), new Timings());
            assertEquals(given, result.sha256(), "size " + size);
            assertEquals(given, f.meta("given/" + size).blob().sha256(), "size " + size);
            checked++;
        }
        assertEquals(2, checked);
    }

    @Test
    void aSignedBodyIsStoredUnderItsVerifiedHashAndAnAlteredOneCommitsNothing() throws Exception {
        int checked = 0;
        for (int size : SIZES) {
            byte[] data = bytes(size);
            String sha256 = CanonicalJson.sha256Hex(data);
            InputStream signed = new SignedPayloadStream(new ByteArrayInputStream(data), sha256, size);
            BlobResult result = f.blobs.write(upload("signed/" + size, size, signed), signed, new Timings());
            assertEquals(sha256, result.sha256(), "size " + size);
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            f.blobReader.open("signed/" + size, null).writeTo(back); // checks the whole SHA-256 (or the replicas') on the way
            assertArrayEquals(data, back.toByteArray(), "size " + size);

            if (size > 0) {
                byte[] altered = data.clone();
                altered[size - 1] ^= 1;
                InputStream wrong = new SignedPayloadStream(new ByteArrayInputStream(altered), sha256, size);
                AuthFailure failure = assertThrows(AuthFailure.class,
                        () -> f.blobs.write(upload("altered/" + size, size, wrong), wrong, new Timings()), "size " + size);
                assertEquals("XAmzContentSHA256Mismatch", failure.code());
                assertTrue(f.metadata.get("altered/" + size).isEmpty(), "nothing committed, size " + size);
            }
            checked++;
        }
        assertEquals(SIZES.length, checked);
    }

    private static BlobWriter.Upload upload(String name, int size, InputStream body) {
        return new BlobWriter.Upload(name, "x/y", null, (long) size, null, SignedPayloadStream.verifiedSha256(body));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
