package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.digest.Sha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A running checksum of the decoded bytes for one {@code x-amz-checksum-*} trailer, rendered as S3
 * sends it: the big-endian value in base64. CRC32, CRC32C, SHA-1 and SHA-256 are the JDK's;
 * CRC64/NVME (the newest SDKs' default) has no JDK class and is {@link Crc64Nvme}.
 */
public final class TrailerChecksum {

    public static final String HEADER_PREFIX = "x-amz-checksum-";

    private final String header;
    private final Checksum crc;
    private final int crcBytes;
    private final MessageDigest digest;

    private TrailerChecksum(String header, Checksum crc, int crcBytes, MessageDigest digest) {
        this.header = header;
        this.crc = crc;
        this.crcBytes = crcBytes;
        this.digest = digest;
    }

    /** The checksum a trailer name asks for, or empty when it names none we know. */
    public static Optional<TrailerChecksum> forHeader(String name) {
        String header = name.strip().toLowerCase(Locale.ROOT);
        if (!header.startsWith(HEADER_PREFIX)) {
            return Optional.empty();
        }
        try {
            return switch (header.substring(HEADER_PREFIX.length())) {
                case "crc32" -> Optional.of(new TrailerChecksum(header, new CRC32(), 4, null));
                case "crc32c" -> Optional.of(new TrailerChecksum(header, new CRC32C(), 4, null));
                case "crc64nvme" -> Optional.of(new TrailerChecksum(header, new Crc64Nvme(), 8, null));
                case "sha1" -> Optional.of(new TrailerChecksum(header, null, 0, MessageDigest.getInstance("SHA-1")));
                case "sha256" -> Optional.of(new TrailerChecksum(header, null, 0, Sha256.newDigest()));
                default -> Optional.empty();
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1 and SHA-256", e);
        }
    }

    public String header() {
        return header;
    }

    public void update(byte[] bytes, int offset, int length) {
        if (crc != null) {
            crc.update(bytes, offset, length);
        } else {
            digest.update(bytes, offset, length);
        }
    }

    /** The value so far, base64 of the big-endian checksum; call once, at the end. */
    public String base64() {
        byte[] value;
        if (crc != null) {
            value = crcBytes == 8 ? ByteBuffer.allocate(8).putLong(crc.getValue()).array()
                    : ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
        } else {
            value = digest.digest();
        }
        return Base64.getEncoder().encodeToString(value);
    }
}
