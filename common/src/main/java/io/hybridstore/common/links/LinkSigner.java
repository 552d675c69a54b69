package io.hybridstore.common.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks link tokens. A token is {@code base64url(payload) "." base64url(HMAC-SHA256(payload))},
 * the payload the lines {@code hs1, id, kid, expiresAt, version, key} joined by {@code \n} (a key
 * holds no control characters, so the split is unambiguous and every field is covered by the MAC).
 * Pure: the keys, the time and the revocations are given, so every case is tested on a fake clock.
 */
public final class LinkSigner {

    private static final String FORMAT = "hs1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** Why a token was refused; each is a 403 to the caller. */
    public enum Failure {
        malformed, unknown_key, bad_signature, expired, revoked
    }

    /** The outcome of {@link #verify}: the claims, or why there are none. */
    public record Check(LinkClaims claims, Failure failure) {

        public boolean valid() {
            return failure == null;
        }
    }

    private LinkSigner() {
    }

    public static String sign(LinkClaims claims, SigningKey key) {
        if (!claims.kid().equals(key.kid())) {
            throw new IllegalArgumentException("claims name key " + claims.kid() + ", signing with " + key.kid());
        }
        byte[] payload = String.join("\n", FORMAT, claims.id(), claims.kid(), Long.toString(claims.expiresAt()), claims.version(),
                claims.key()).getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(key, payload));
    }

    /**
     * Checks signature first (an altered token says nothing true), then expiry, then revocation.
     *
     * @param nowSeconds epoch seconds; a link is valid up to and including its {@code expiresAt}
     * @param revoked    whether a link id was revoked (asked only for a well-signed, unexpired link)
     */
    public static Check verify(String token, List<SigningKey> keys, long nowSeconds, Predicate<String> revoked) {
        Optional<Parsed> parsed = parse(token);
        if (parsed.isEmpty()) {
            return new Check(null, Failure.malformed);
        }
        LinkClaims claims = parsed.get().claims;
        Optional<SigningKey> key = keys.stream().filter(k -> k.kid().equals(claims.kid())).findFirst();
        if (key.isEmpty()) {
            return new Check(null, Failure.unknown_key);
        }
        if (!MessageDigest.isEqual(mac(key.get(), parsed.get().payload), parsed.get().mac)) { // constant time
            return new Check(null, Failure.bad_signature);
        }
        if (nowSeconds > claims.expiresAt()) {
            return new Check(claims, Failure.expired);
        }
        if (revoked.test(claims.id())) {
            return new Check(claims, Failure.revoked);
        }
        return new Check(claims, null);
    }

    private record Parsed(byte[] payload, byte[] mac, LinkClaims claims) {
    }

    private static Optional<Parsed> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = B64D.decode(token.substring(0, dot));
            byte[] mac = B64D.decode(token.substring(dot + 1));
            String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", 6);
            if (fields.length != 6 || !FORMAT.equals(fields[0]) || fields[5].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(payload, mac, new LinkClaims(fields[1], fields[5], fields[4], Long.parseLong(fields[3]), fields[2])));
        } catch (IllegalArgumentException e) { // bad base64 or a non-number expiry
            return Optional.empty();
        }
    }

    private static byte[] mac(SigningKey key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secretBytes(), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
