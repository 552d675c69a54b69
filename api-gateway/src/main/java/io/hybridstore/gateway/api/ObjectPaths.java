package io.hybridstore.gateway.api;

import io.hybridstore.common.write.KeyPaths;
import io.vertx.core.http.HttpServerRequest;

/**
 * The key a path under {@code /objects/} names ({@code /objects/KEY}, {@code /objects/KEY/info},
 * {@code /access}, {@code /links}), read once from the raw path ({@link KeyPaths}): one prefix for the
 * resources that share it (catalogue, labels, links, delete).
 */
final class ObjectPaths {

    static final String OBJECTS = "/objects/";

    private ObjectPaths() {
    }

    /** @param suffix what follows the key ({@code "/info"}), or "" */
    static String key(HttpServerRequest request, String suffix) {
        return KeyPaths.decode(request.path(), OBJECTS, suffix);
    }
}
