package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The JDK's SHA-256 and HMAC-SHA256 as SigV4 uses them: lower-case hex, constant-time comparison. */
public final class Hashes {

    private static final HexFormat HEX = HexFormat.of();
    /** Hex SHA-256 of nothing: a request with no body, and every chunk-signature's "empty header" line. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Hashes() {
    }

    public static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    public static String sha256Hex(String text) {
        return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] hmac(byte[] key, String data) {
        return hmacWith(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** An HMAC-SHA256 keyed once, for a chain that signs many strings with one key (doFinal resets it). */
    public static Mac hmacWith(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Compares two signatures (or secrets) in time independent of where they differ: no timing oracle. */
    public static boolean constantTimeEquals(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isSha256Hex(String value) {
        if (value == null || value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
