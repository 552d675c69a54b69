package io.hybridstore.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command takes: where the cluster is, the timeout, and {@code --json}. */
final class ClusterOptions {
    @Option(names = "--json", description = "Print JSON (the shapes are in docs/operations.md) instead of text.")
    boolean json;

    @Option(names = "--gateway", paramLabel = "URL", description = "Gateway URL (env HYBRIDSTORE_GATEWAY; default: the local cluster's).")
    String gateway;

    @Option(names = "--healers", paramLabel = "URL,...", description = "Healer URLs (env HYBRIDSTORE_HEALERS).")
    String healers;

    @Option(names = "--etcd", paramLabel = "URL,...", description = "etcd client URLs (env HYBRIDSTORE_ETCD).")
    String etcd;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Cluster token for admin calls (env CLUSTER_TOKEN).")
    String token;

    @Option(names = "--nodes", paramLabel = "ID,...", description = "Node ids the cluster should have, to tell the dead ones "
            + "(env HYBRIDSTORE_NODES; the local cluster's are known).")
    String nodes;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "The local cluster's run dir (env HYBRIDSTORE_RUN_DIR; "
            + "default: .run in the working directory or above).")
    String runDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Bound of every remote call, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration timeout;

    private Target target;
    private Http http;

    Target target() {
        if (target == null) {
            Map<String, String> env = System.getenv();
            target = Target.resolve(new Target.Flags(gateway, healers, etcd, token, nodes, runDir), env,
                    () -> ClusterEnvFile.findRunDir(Optional.ofNullable(runDir).or(() -> Optional.ofNullable(env.get("HYBRIDSTORE_RUN_DIR"))),
                                    Path.of("").toAbsolutePath())
                            .map(dir -> Map.entry(dir, ClusterEnvFile.read(dir))));
        }
        return target;
    }

    Http http() {
        if (http == null) {
            http = new Http(timeout);
        }
        return http;
    }

    void printJson(PrintStream out, Object value) {
        out.println(Json.pretty(value));
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, or an ISO-8601 duration. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.parse(value);
            } catch (RuntimeException e) { // NumberFormatException, DateTimeParseException
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration: say 500ms, 5s, 2m or PT5S");
            }
        }
    }
}
