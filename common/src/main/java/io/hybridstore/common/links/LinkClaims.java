package io.hybridstore.common.links;

import java.util.Objects;

/**
 * What a signed link grants: reading {@code key} at {@code version} until {@code expiresAt}.
 *
 * @param id        random id of this link, the handle of its revocation
 * @param key       the object key
 * @param version   {@link #LATEST} or one version ({@code "3-1042"}): the link then serves only that one
 * @param expiresAt epoch seconds after which the link is refused
 * @param kid       the signing key's id
 */
public record LinkClaims(String id, String key, String version, long expiresAt, String kid) {

    public static final String LATEST = "latest";

    public LinkClaims {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kid, "kid");
    }

    public boolean latest() {
        return LATEST.equals(version);
    }
}
