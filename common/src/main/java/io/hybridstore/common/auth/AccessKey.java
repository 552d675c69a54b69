package io.hybridstore.common.auth;

import java.util.Objects;

/**
 * An access key: the id a client sends, the secret it signs with (never logged, never listed),
 * and the owner its buckets and objects belong to.
 */
public record AccessKey(String id, String secret, String owner, long createdAt) {

    public AccessKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(owner, "owner");
    }

    @Override
    public String toString() {
        return "AccessKey[id=" + id + ", owner=" + owner + ", createdAt=" + createdAt + "]"; // no secret
    }
}
