package io.hybridstore.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code cluster.env}: the endpoints, token and access key a client or a hand-started app needs, as lines a shell can source. */
final class ClusterEnv {
    static final String FILE = "cluster.env";
    /** Values are URLs, host:port lists and base64url: nothing a shell would interpret. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:/,@=+-]*");

    private ClusterEnv() {
    }

    /** What cluster.env exports; the access key once the gateway has made it. */
    static Map<String, String> variables(ClusterProcesses processes, String token, Optional<LocalAccessKey> accessKey, Path baseDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ETCD_ENDPOINTS", processes.get(EtcdServer.NAME).url().toString());
        if (processes.has(KafkaBroker.NAME)) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", ((KafkaBroker) processes.get(KafkaBroker.NAME)).bootstrapServers());
        }
        env.put("CLUSTER_TOKEN", token);
        processes.names(Role.GATEWAY).stream().findFirst().ifPresent(g -> {
            env.put("GATEWAY_URL", processes.get(g).url().toString());
            env.put("S3_ENDPOINT", processes.s3Url(g).toString());
        });
        List<String> nodes = processes.names(Role.STORAGE_NODE);
        env.put("NODE_URLS", urls(processes, nodes));
        env.put("NODE_IDS", String.join(",", nodes)); // the ids the nodes register under, for hybridstore's dead-node count
        env.put("HEALER_URLS", urls(processes, processes.names(Role.HEALER)));
        env.put("HYBRIDSTORE_RUN_DIR", baseDir.toString());
        accessKey.ifPresent(key -> {
            // The names every AWS tool reads; the S3 listener checks SigV4 against this key.
            env.put("AWS_ACCESS_KEY_ID", key.id());
            env.put("AWS_SECRET_ACCESS_KEY", key.secret());
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_REGION", "us-east-1");
        });
        return env;
    }

    static void write(Path baseDir, Map<String, String> variables) {
        try {
            Files.writeString(baseDir.resolve(FILE), render(variables));
        } catch (IOException e) {
            throw new LocalClusterException("cannot write " + FILE + " in " + baseDir, e);
        }
    }

    static String render(Map<String, String> variables) {
        return variables.entrySet().stream().map(e -> {
            if (!SAFE.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException(e.getKey() + " has characters a shell would interpret: " + e.getValue());
            }
            return "export " + e.getKey() + "=" + e.getValue();
        }).collect(Collectors.joining("\n", "# hybridstore local cluster. Use: . .run/cluster.env\n", "\n"));
    }

    private static String urls(ClusterProcesses processes, List<String> names) {
        return names.stream().map(n -> processes.get(n).url().toString()).collect(Collectors.joining(","));
    }
}
