package io.hybridstore.gateway.s3;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An upload's body as the blob writer reads it, digested on the way: always the MD5 (the object's
 * ETag), and the additional checksum the client named. When the body ends, a {@code Content-MD5} or
 * {@code x-amz-checksum-*} value sent with the request is compared, and a mismatch is thrown from
 * that last read ({@code BadDigest}), inside the writer and before its commit: nothing is stored.
 */
final class UploadDigests extends BlockInputStream {

    private final InputStream in;
    private final MessageDigest md5 = md5();
    private final byte[] expectedMd5;
    private final ChecksumAlgorithm algorithm;
    private final ChecksumAlgorithm.Running checksum;
    private final String expectedChecksum;
    private String md5Hex;
    private String checksumValue;

    /**
     * @param contentMd5       the Content-MD5 header (base64), or null
     * @param algorithm        the additional checksum to compute, or null
     * @param expectedChecksum its value as sent in a header, or null (none, or sent in a trailer)
     */
    UploadDigests(InputStream body, String contentMd5, ChecksumAlgorithm algorithm, String expectedChecksum) {
        this.in = body;
        this.expectedMd5 = contentMd5 == null ? null : decodeMd5(contentMd5);
        this.algorithm = algorithm;
        this.checksum = algorithm == null ? null : algorithm.start();
        this.expectedChecksum = expectedChecksum;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            md5.update(b, off, n);
            if (checksum != null) {
                checksum.update(b, off, n);
            }
        } else if (n < 0 && md5Hex == null) {
            finish();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void finish() {
        byte[] digest = md5.digest();
        md5Hex = HexFormat.of().formatHex(digest);
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, digest)) {
            throw new S3Exception("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
        }
        if (checksum != null) {
            checksumValue = checksum.base64();
            if (expectedChecksum != null && !expectedChecksum.equals(checksumValue)) {
                throw new S3Exception("BadDigest", 400, "The " + algorithm + " you specified did not match the calculated checksum.");
            }
        }
    }

    /** Hex MD5 of the body; only once it has been read to its end. */
    String md5Hex() {
        if (md5Hex == null) {
            try {
                if (read() != -1) { // a reader that stopped at a declared length has not seen the end yet
                    throw new IllegalStateException("the body has not been read to its end");
                }
            } catch (IOException e) {
                throw new S3Exception("IncompleteBody", 400, "the request body could not be read: " + e.getMessage());
            }
        }
        return md5Hex;
    }

    /** The additional checksum (base64), or null when none was asked for. */
    String checksum() {
        return checksumValue;
    }

    ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    private static byte[] decodeMd5(String base64) {
        try {
            byte[] md5 = Base64.getDecoder().decode(base64.trim());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // falls through: not base64
        }
        throw new S3Exception("InvalidDigest", 400, "The Content-MD5 you specified is not valid.");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
