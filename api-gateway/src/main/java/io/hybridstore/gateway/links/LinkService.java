package io.hybridstore.gateway.links;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.links.LinkClaims;
import io.hybridstore.common.links.LinkSigner;
import io.hybridstore.common.links.SigningKey;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.LinkStore;
import io.hybridstore.common.spi.MetadataStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Signed download links: made for one key (its latest version or one version), valid until they
 * expire (at most {@link #MAX_EXPIRY}), refused with 403 once expired, altered, revoked or signed by
 * a removed key. The signing keys live in etcd, so every gateway verifies what any gateway signed;
 * the first link made creates the first key. A link is a credential of its own: it reads an object
 * whatever its access level.
 */
public final class LinkService {

    public static final Duration MAX_EXPIRY = Duration.ofDays(7);
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

    /** A link made: its token and what it grants. */
    public record Created(String token, LinkClaims claims) {
    }

    private final LinkStore store;
    private final MetadataStore metadata;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LinkService(LinkStore store, MetadataStore metadata, Clock clock) {
        this.store = store;
        this.metadata = metadata;
        this.clock = clock;
    }

    /**
     * @param version {@link LinkClaims#LATEST} or a version, which must be the current one: the
     *                link then serves only it (any later write to the key, a label patch included, ends it)
     */
    public Created create(String key, Duration expiresIn, String version) {
        if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_EXPIRY) > 0) {
            throw StoreException.badRequest("expiresIn must be more than 0 and at most " + MAX_EXPIRY + ", not " + expiresIn);
        }
        ObjectMetadata record = metadata.get(key).map(MetadataStore.Stored::metadata).filter(m -> !m.deleted())
                .orElseThrow(() -> StoreException.notFound("no object " + key));
        if (!LinkClaims.LATEST.equals(version)) {
            Version pinned = parseVersion(version);
            if (!pinned.equals(record.version())) {
                throw new StoreException(ErrorCode.PRECONDITION_FAILED, key + " is at version " + record.version() + ", not " + version);
            }
        }
        SigningKey key0 = signingKey();
        long expiresAt = clock.millis() / 1000 + expiresIn.toSeconds();
        LinkClaims claims = new LinkClaims(randomHex(12), key, version, expiresAt, key0.kid());
        return new Created(LinkSigner.sign(claims, key0), claims);
    }

    /** The claims of a valid token; FORBIDDEN saying why otherwise. */
    public LinkClaims verify(String token) {
        LinkSigner.Check check = LinkSigner.verify(token, store.signingKeys(), clock.millis() / 1000, store::isRevoked);
        if (!check.valid()) {
            throw new StoreException(ErrorCode.FORBIDDEN, "link refused: " + switch (check.failure()) {
                case malformed -> "not a link token";
                case unknown_key, bad_signature -> "the signature does not match (altered, or its signing key was removed)";
                case expired -> "expired";
                case revoked -> "revoked";
            });
        }
        return check.claims();
    }

    /**
     * Revokes a link given its token (whoever holds a link may end it). A token that does not verify
     * is refused (403) so nobody fills the revocation list with junk; an expired one needs nothing.
     */
    public LinkClaims revoke(String token) {
        LinkSigner.Check check = LinkSigner.verify(token, store.signingKeys(), clock.millis() / 1000, store::isRevoked);
        if (check.claims() == null) {
            verify(token); // throws the reason
        }
        if (check.valid()) {
            store.revoke(check.claims().id(), (check.claims().expiresAt() + 1) * 1000);
        }
        return check.claims();
    }

    /** A new signing key; it signs from now on, the older ones still verify. */
    public SigningKey rotate() {
        SigningKey key = newKey();
        if (!store.addSigningKey(key)) {
            throw new StoreException(ErrorCode.CONFLICT, "signing key id " + key.kid() + " is taken; try again");
        }
        return key.withoutSecret();
    }

    /** Removes a key: every link it signed stops working. */
    public boolean retire(String kid) {
        return store.removeSigningKey(kid);
    }

    /** The keys, without their secrets, oldest first. */
    public List<SigningKey> keys() {
        return store.signingKeys().stream().map(SigningKey::withoutSecret)
                .sorted(java.util.Comparator.comparingLong(SigningKey::createdAt)).toList();
    }

    private SigningKey signingKey() {
        Optional<SigningKey> newest = SigningKey.newest(store.signingKeys());
        if (newest.isPresent()) {
            return newest.get();
        }
        // The first link of the cluster: two gateways racing here both add a key; both keys verify,
        // and the newest signs from then on, so the race costs nothing.
        store.addSigningKey(newKey());
        return SigningKey.newest(store.signingKeys()).orElseThrow();
    }

    private SigningKey newKey() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        long now = clock.millis();
        return new SigningKey("k" + now + "-" + randomHex(4), Base64.getEncoder().encodeToString(secret), now);
    }

    private String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static Version parseVersion(String text) {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw StoreException.badRequest("version must be \"latest\" or a version like 3-1042, not \"" + text + "\"");
        }
    }
}
