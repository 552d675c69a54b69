package io.hybridstore.common.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * New access keys shaped like AWS's, so every client's validation accepts them: a 20-character
 * upper-case alphanumeric id and a 40-character secret (30 random bytes in base64, so the
 * alphabet is AWS's, '+' and '/' included). Both from {@link SecureRandom}.
 */
public final class AccessKeyGenerator {

    public static final int ID_LENGTH = 20;
    public static final int SECRET_LENGTH = 40;
    /** Every id starts so (hybridstore S3) – 18 random characters follow, 36^18 ≈ 10^28 ids. */
    static final String ID_PREFIX = "HS";
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final SecureRandom random;
    private final Clock clock;

    public AccessKeyGenerator(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    public static AccessKeyGenerator system() {
        return new AccessKeyGenerator(new SecureRandom(), Clock.systemUTC());
    }

    public AccessKey next(String owner) {
        StringBuilder id = new StringBuilder(ID_PREFIX);
        while (id.length() < ID_LENGTH) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[SECRET_LENGTH * 3 / 4];
        random.nextBytes(secret);
        return new AccessKey(id.toString(), Base64.getEncoder().encodeToString(secret), owner, clock.millis());
    }

    /** An owner name: what a bucket's owner is compared with; printable, no separators that logs or keys would split on. */
    public static String validateOwner(String owner) {
        if (owner == null || owner.isBlank() || owner.length() > 128 || !owner.matches("[A-Za-z0-9._@+=-]+")) {
            throw new IllegalArgumentException("an owner is 1 to 128 characters of A-Z a-z 0-9 . _ @ + = -, not '" + owner + "'");
        }
        return owner;
    }
}
