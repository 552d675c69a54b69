package io.hybridstore.cli;

import io.hybridstore.common.write.KeyPaths;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Request URIs: a key goes into the path percent-encoded once, as the gateway reads it back ({@link KeyPaths}). */
final class Paths {
    private Paths() {
    }

    static URI under(URI base, String path, String key) {
        return URI.create(base.toString() + path + KeyPaths.encode(key));
    }

    static String query(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
