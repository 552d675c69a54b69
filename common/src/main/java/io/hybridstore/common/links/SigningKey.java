package io.hybridstore.common.links;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One HMAC key of the signed links, kept in etcd ({@code links/keys/{kid}}). The newest key signs;
 * every key still stored verifies, so a rotation never breaks the links already handed out, and
 * removing a key ends all links it signed.
 *
 * @param kid       the key id a link names
 * @param secret    the key, base64 (32 random bytes)
 * @param createdAt epoch millis; the newest key is the one that signs
 */
public record SigningKey(String kid, String secret, long createdAt) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secret, "secret");
    }

    byte[] secretBytes() {
        return Base64.getDecoder().decode(secret);
    }

    /** The key new links are signed with: the newest (ties broken by id, so every gateway picks the same). */
    public static Optional<SigningKey> newest(List<SigningKey> keys) {
        return keys.stream().max(Comparator.comparingLong(SigningKey::createdAt).thenComparing(SigningKey::kid));
    }

    /** The key without its secret, for listings. */
    public SigningKey withoutSecret() {
        return new SigningKey(kid, "", createdAt);
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", created " + createdAt + "]"; // never the secret
    }
}
