package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.AuthFailures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A body whose SHA-256 the request signed (x-amz-content-sha256 as hex): hashed as it streams and
 * compared at the end. When the request declared its length, the read that returns the last
 * declared byte already compares, so a reader that stops at Content-Length without reading to EOF
 * still never receives the complete body unchecked.
 */
public final class SignedPayloadStream extends FilterInputStream {

    private final String expectedHex;
    private final long declaredLength;
    private final MessageDigest digest = Hashes.sha256();
    private long read;
    private boolean checked;
    private boolean matched;

    /** @param declaredLength Content-Length, or -1 when the body is sent without one */
    public SignedPayloadStream(InputStream in, String expectedHex, long declaredLength) {
        super(in);
        this.expectedHex = expectedHex.toLowerCase(Locale.ROOT);
        this.declaredLength = declaredLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            check();
            return -1;
        }
        digest.update(buffer, offset, n);
        read += n;
        if (declaredLength >= 0 && read >= declaredLength) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too.
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        if (!Hashes.constantTimeEquals(expectedHex, Hashes.hex(digest.digest()))) {
            throw AuthFailures.contentSha256Mismatch();
        }
        matched = true;
    }

    /**
     * The body's SHA-256 (lower-case hex) once this stream has hashed the whole body and found it
     * equal to the signed value; null before that. A reader that needs the body's SHA-256 takes it
     * from here instead of hashing the same bytes a second time.
     */
    public String verifiedSha256Hex() {
        return matched ? expectedHex : null;
    }

    /**
     * For a reader that needs a body's SHA-256: the verified value of {@code body} when it is such a
     * stream (given once it has been read to its end), else null, and the reader hashes it itself.
     */
    public static Supplier<String> verifiedSha256(InputStream body) {
        return body instanceof SignedPayloadStream signed ? signed::verifiedSha256Hex : null;
    }
}
