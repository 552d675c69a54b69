package io.hybridstore.common.auth;

import java.util.Optional;

/** Who made a request: the access key it proved, or nobody (anonymous). */
public record Caller(Optional<String> accessKeyId, Optional<String> owner) {

    public static final Caller ANONYMOUS = new Caller(Optional.empty(), Optional.empty());

    public static Caller of(AccessKey key) {
        return new Caller(Optional.of(key.id()), Optional.of(key.owner()));
    }

    public boolean anonymous() {
        return accessKeyId.isEmpty();
    }
}
