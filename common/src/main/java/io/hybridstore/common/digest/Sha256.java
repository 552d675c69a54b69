package io.hybridstore.common.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests for every module: a fresh one per call, cloned from one made at class load.
 * {@code MessageDigest.getInstance} walks the security providers on every call (1.2 % of the
 * gateway's CPU per read in session 32's profile, at two digests a read; docs/benchmarks.md); a
 * clone copies the prototype's state. The prototype is never updated, so concurrent clones only read it.
 */
public final class Sha256 {

    private static final MessageDigest PROTOTYPE = lookUp();
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    /** A digest of nobody else's: update it and digest as often as needed. */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    public static byte[] of(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    /** The digest of {@code bytes} in lower-case hex, 64 characters. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(of(bytes));
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
