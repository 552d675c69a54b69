package io.hybridstore.gateway.s3;

import io.hybridstore.common.auth.sigv4.Crc64Nvme;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums S3 clients send ({@code x-amz-checksum-<name>}) and may ask back
 * ({@code x-amz-checksum-mode: ENABLED}); each value is the base64 of the big-endian checksum.
 */
public enum ChecksumAlgorithm {
    CRC32(() -> crcDigest(new CRC32(), 4)),
    CRC32C(() -> crcDigest(new CRC32C(), 4)),
    CRC64NVME(() -> crcDigest(new Crc64Nvme(), 8)),
    SHA1(() -> messageDigest("SHA-1")),
    SHA256(() -> messageDigest("SHA-256"));

    /** A running checksum: bytes in, base64 out. */
    public interface Running {
        void update(byte[] b, int off, int len);

        String base64();
    }

    /** What every checksum header's name starts with. */
    public static final String HEADER_PREFIX = "x-amz-checksum-";

    private final Supplier<Running> factory;

    ChecksumAlgorithm(Supplier<Running> factory) {
        this.factory = factory;
    }

    public Running start() {
        return factory.get();
    }

    /** The header that carries this checksum, e.g. {@code x-amz-checksum-crc32}. */
    public String header() {
        return HEADER_PREFIX + name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm S3 names so ({@code CRC32}, {@code crc64nvme}, ...), or null when there is none of that name. */
    public static ChecksumAlgorithm named(String name) {
        for (ChecksumAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    /** The algorithm whose header this is ({@code x-amz-checksum-sha1}), or null. */
    public static ChecksumAlgorithm ofHeader(String lowerCaseHeader) {
        return lowerCaseHeader.startsWith(HEADER_PREFIX) ? named(lowerCaseHeader.substring(HEADER_PREFIX.length())) : null;
    }

    public String of(byte[] bytes) {
        Running r = start();
        r.update(bytes, 0, bytes.length);
        return r.base64();
    }

    private static Running crcDigest(Checksum crc, int bytes) {
        return new Running() {
            @Override
            public void update(byte[] b, int off, int len) {
                crc.update(b, off, len);
            }

            @Override
            public String base64() {
                byte[] out = ByteBuffer.allocate(8).putLong(crc.getValue()).array();
                return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(out, 8 - bytes, 8));
            }
        };
    }

    private static Running messageDigest(String name) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + name, e);
        }
        return new Running() {
            @Override
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            @Override
            public String base64() {
                return Base64.getEncoder().encodeToString(digest.digest());
            }
        };
    }
}
