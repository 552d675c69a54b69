package io.hybridstore.cluster;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Renders {@code cluster.env}: the endpoints and token, as lines a shell can source. */
final class ClusterEnv {
    static final String FILE = "cluster.env";
    /** Values are URLs, host:port lists and base64url: nothing a shell would interpret. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:/,@=+-]*");

    private ClusterEnv() {
    }

    static String render(Map<String, String> variables) {
        return variables.entrySet().stream().map(e -> {
            if (!SAFE.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException(e.getKey() + " has characters a shell would interpret: " + e.getValue());
            }
            return "export " + e.getKey() + "=" + e.getValue();
        }).collect(Collectors.joining("\n", "# hybridstore local cluster. Use: . .run/cluster.env\n", "\n"));
    }
}
