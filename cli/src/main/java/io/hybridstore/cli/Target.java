package io.hybridstore.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which cluster a command talks to. Flags win over the environment; when neither names a gateway,
 * healer or etcd, the local cluster's {@code .run/cluster.env} gives all of them (never a mix of a
 * real cluster's endpoints with the local one's). The token: {@code --token}, {@code CLUSTER_TOKEN},
 * then cluster.env.
 *
 * @param gateway       the gateway's base URL, or null when none is known
 * @param healers       every healer's base URL (the leader is found through their {@code /status})
 * @param etcd          etcd client URLs (node liveness through its JSON gateway)
 * @param token         the cluster token for the admin calls, or null
 * @param expectedNodes node ids the cluster should have, to tell which are dead (empty: unknown)
 * @param prefix        the etcd key prefix ({@code ETCD_PREFIX}, default {@code /hybridstore})
 * @param runDir        the local cluster's run dir when the target came from it, else null
 * @param source        where the endpoints came from, for messages: {@code flags/env} or the cluster.env path
 */
public record Target(URI gateway, List<URI> healers, List<URI> etcd, String token, List<String> expectedNodes, String prefix,
                     Path runDir, String source) {

    public static final String DEFAULT_PREFIX = "/hybridstore";

    /** What the command line said; null or empty where it said nothing. */
    public record Flags(String gateway, String healers, String etcd, String token, String nodes, String runDir) {
        public static Flags none() {
            return new Flags(null, null, null, null, null, null);
        }
    }

    public Target {
        healers = List.copyOf(healers);
        etcd = List.copyOf(etcd);
        expectedNodes = List.copyOf(expectedNodes);
    }

    /**
     * @param env       the process environment
     * @param localFile finds and reads cluster.env: the run dir and its variables, or empty when there is none
     */
    public static Target resolve(Flags flags, Map<String, String> env, Supplier<Optional<Map.Entry<Path, Map<String, String>>>> localFile) {
        String gateway = first(flags.gateway(), env.get("HYBRIDSTORE_GATEWAY"));
        String healers = first(flags.healers(), env.get("HYBRIDSTORE_HEALERS"));
        String etcd = first(flags.etcd(), env.get("HYBRIDSTORE_ETCD"));
        String token = first(flags.token(), env.get("CLUSTER_TOKEN"));
        String nodes = first(flags.nodes(), env.get("HYBRIDSTORE_NODES"));
        String prefix = first(env.get("ETCD_PREFIX"), DEFAULT_PREFIX);
        boolean named = gateway != null || healers != null || etcd != null;
        if (named) {
            return new Target(uri(gateway), uris(healers), uris(etcd), token, list(nodes), prefix, null, "flags/env");
        }
        Optional<Map.Entry<Path, Map<String, String>>> local = localFile.get();
        if (local.isEmpty()) {
            return new Target(null, List.of(), List.of(), token, list(nodes), prefix, null, "nothing");
        }
        Map<String, String> file = local.get().getValue();
        return new Target(uri(file.get("GATEWAY_URL")), uris(file.get("HEALER_URLS")), uris(file.get("ETCD_ENDPOINTS")),
                first(token, file.get("CLUSTER_TOKEN")), list(first(nodes, file.get("NODE_IDS"))),
                first(file.get("ETCD_PREFIX"), prefix), local.get().getKey(), local.get().getKey().resolve(ClusterEnvFile.FILE).toString());
    }

    /** The gateway, or a failure saying how to name one. */
    public URI requireGateway() {
        if (gateway == null) {
            throw CliFailure.unreachable("no gateway: start a local cluster (make up), or set HYBRIDSTORE_GATEWAY or --gateway");
        }
        return gateway;
    }

    public List<URI> requireHealers() {
        if (healers.isEmpty()) {
            throw CliFailure.unreachable("no healer: start a local cluster (make up), or set HYBRIDSTORE_HEALERS or --healers");
        }
        return healers;
    }

    public List<URI> requireEtcd() {
        if (etcd.isEmpty()) {
            throw CliFailure.unreachable("no etcd endpoint: start a local cluster (make up), or set HYBRIDSTORE_ETCD or --etcd");
        }
        return etcd;
    }

    public String requireToken() {
        if (token == null || token.isBlank()) {
            throw new CliFailure(ExitCode.USAGE, "this command needs the cluster token: set CLUSTER_TOKEN or --token");
        }
        return token;
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : b != null && !b.isBlank() ? b.strip() : null;
    }

    static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<URI> uris(String commaSeparated) {
        return list(commaSeparated).stream().map(Target::uri).toList();
    }

    /** A base URL; {@code host:port} alone means http. */
    static URI uri(String text) {
        if (text == null) {
            return null;
        }
        String withScheme = text.contains("://") ? text : "http://" + text;
        try {
            URI uri = URI.create(withScheme.endsWith("/") ? withScheme.substring(0, withScheme.length() - 1) : withScheme);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "not a URL: " + text);
        }
    }
}
