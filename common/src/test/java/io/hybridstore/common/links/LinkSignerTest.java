package io.hybridstore.common.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.links.LinkSigner.Failure;
import io.hybridstore.common.spi.memory.InMemoryLinkStore;
import io.hybridstore.common.spi.memory.ManualTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signing and checking links on a manual clock: every verdict, and a rotation. */
class LinkSignerTest {

    private static final SigningKey K1 = new SigningKey("k1", Base64.getEncoder().encodeToString(new byte[32]), 1_000);
    private static final SigningKey K2 = new SigningKey("k2", Base64.getEncoder().encodeToString("another key of 32 bytes, really!".getBytes(StandardCharsets.UTF_8)), 2_000);

    private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000L);
    private final InMemoryLinkStore store = new InMemoryLinkStore(time.clock());

    private long now() {
        return time.clock().millis() / 1000;
    }

    private String link(String id, String key, SigningKey with, long ttlSeconds) {
        return LinkSigner.sign(new LinkClaims(id, key, LinkClaims.LATEST, now() + ttlSeconds, with.kid()), with);
    }

    private LinkSigner.Check check(String token, List<SigningKey> keys) {
        return LinkSigner.verify(token, keys, now(), store::isRevoked);
    }

    @Test
    void aFreshLinkIsValidAndCarriesItsClaims() {
        String token = link("l1", "photos/ключ ✓.jpg", K1, 3600);
        LinkSigner.Check check = check(token, List.of(K1));
        assertTrue(check.valid(), String.valueOf(check.failure()));
        assertEquals(new LinkClaims("l1", "photos/ключ ✓.jpg", "latest", now() + 3600, "k1"), check.claims());
    }

    @Test
    void aLinkExpiresAfterItsLastSecond() {
        String token = link("l1", "a", K1, 60);
        time.advance(Duration.ofSeconds(60));
        assertTrue(check(token, List.of(K1)).valid(), "valid through its expiry second");
        time.advance(Duration.ofSeconds(1));
        assertEquals(Failure.expired, check(token, List.of(K1)).failure());
    }

    @Test
    void everyAlteredByteIsRefused() {
        String token = link("l1", "docs/a", K1, 600);
        int refused = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String altered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            if (altered.equals(token)) {
                continue;
            }
            Failure f = check(altered, List.of(K1)).failure();
            assertTrue(Set.of(Failure.bad_signature, Failure.malformed, Failure.unknown_key).contains(f), "position " + i + ": " + f);
            refused++;
        }
        assertEquals(token.length(), refused, "every position altered and refused");
    }

    @Test
    void aLinkForAnotherKeyCannotBeMadeFromAValidOne() {
        String token = link("l1", "docs/a", K1, 600);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("docs/a", "docs/b")
                .getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        assertEquals(Failure.bad_signature, check(forged, List.of(K1)).failure());
        assertEquals(Failure.malformed, check("not-a-token", List.of(K1)).failure());
        assertEquals(Failure.malformed, check(token + ".x", List.of(K1)).failure());
    }

    @Test
    void aRevokedLinkIsRefusedAndItsRevocationCleansItselfAtExpiry() {
        String token = link("l1", "a", K1, 600);
        String other = link("l2", "a", K1, 600);
        store.revoke("l1", (now() + 600) * 1000);
        assertEquals(Failure.revoked, check(token, List.of(K1)).failure());
        assertTrue(check(other, List.of(K1)).valid(), "only the revoked id");
        time.advance(Duration.ofSeconds(601));
        assertEquals(Failure.expired, check(token, List.of(K1)).failure());
        assertEquals(0, store.revocations(), "the revocation went with the link's expiry");
    }

    @Test
    void afterARotationOldLinksVerifyUntilTheirKeyIsRemoved() {
        String old = link("l1", "a", K1, 600);
        List<SigningKey> rotated = List.of(K1, K2);
        assertEquals(K2, SigningKey.newest(rotated).orElseThrow(), "the newest key signs");
        String fresh = link("l2", "a", K2, 600);
        assertTrue(check(old, rotated).valid());
        assertTrue(check(fresh, rotated).valid());
        assertEquals(Failure.unknown_key, check(old, List.of(K2)).failure(), "removed key: its links end");
        assertTrue(check(fresh, List.of(K2)).valid());
        assertNotEquals(old.substring(old.indexOf('.')), fresh.substring(fresh.indexOf('.')));
    }

    @Test
    void aSignatureUnderAnotherKeyWithTheSameIdIsRefused() {
        String token = link("l1", "a", K1, 600);
        SigningKey impostor = new SigningKey("k1", K2.secret(), 1_000);
        assertEquals(Failure.bad_signature, check(token, List.of(impostor)).failure());
    }
}
