package io.hybridstore.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Request URIs: a key goes into the path segment by segment ({@code /} kept, the rest percent-encoded). */
final class Paths {
    private Paths() {
    }

    static URI under(URI base, String path, String key) {
        String encoded = Arrays.stream(key.split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return URI.create(base.toString() + path + encoded);
    }

    static String query(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
