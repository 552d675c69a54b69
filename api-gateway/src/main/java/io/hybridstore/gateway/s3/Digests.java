package io.hybridstore.gateway.s3;

import io.hybridstore.common.digest.Sha256;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** One-shot digests of small byte arrays (a multipart object's digests of its parts' digests). */
final class Digests {

    private Digests() {
    }

    static byte[] md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    static byte[] sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
