package io.hybridstore.healer.console;

import io.hybridstore.cluster.LocalCluster;
import io.hybridstore.cluster.LocalClusterException;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.healer.HealerConfig;
import io.hybridstore.io.http.BearerToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Kill or start a storage node of the local cluster, for the console's buttons. Guarded three
 * ways: off unless {@code healer.console.actions-enabled} (and then it needs the cluster dir), the
 * cluster token, and a name that must look like a storage node's and be one of the cluster's. It
 * goes through the launcher's own code ({@link LocalCluster#attach}), which knows the PIDs it
 * started: no command line is built from the request.
 */
@ApplicationScoped
public class ClusterActions {

    private static final Pattern NODE_NAME = Pattern.compile("node-[0-9]{1,4}");

    public enum Action { KILL, START }

    private final HealerConfig.Console config;
    private final BearerToken token;

    ClusterActions(HealerConfig config) {
        this.config = config.healer().console();
        this.token = config.cluster().token().filter(t -> !t.isBlank()).map(BearerToken::new).orElse(null);
    }

    public boolean enabled() {
        return config.actionsEnabled();
    }

    /** @return what was done, for the page */
    public String perform(Action action, String node, String authorization) {
        if (!enabled()) {
            throw new StoreException(ErrorCode.NOT_FOUND, "console actions are off (healer.console.actions-enabled)");
        }
        if (token == null || !token.admits(authorization)) {
            throw new StoreException(ErrorCode.UNAUTHORIZED, "the cluster token is required (Authorization: Bearer ...)");
        }
        if (!NODE_NAME.matcher(node).matches()) {
            throw new StoreException(ErrorCode.BAD_REQUEST, "only storage nodes (node-N) can be killed or started: " + node);
        }
        Path dir = config.clusterDir().map(Path::of).orElseThrow(() -> new StoreException(ErrorCode.UNAVAILABLE,
                "console actions need healer.console.cluster-dir (the local cluster's run directory)"));
        try {
            LocalCluster cluster = LocalCluster.attach(dir);
            if (!cluster.nodeNames().contains(node)) {
                throw new StoreException(ErrorCode.NOT_FOUND, "no storage node " + node + " in " + dir);
            }
            switch (action) {
                case KILL -> cluster.kill(node);
                case START -> cluster.start(node);
            }
            return (action == Action.KILL ? "killed " : "started ") + node;
        } catch (LocalClusterException | IllegalArgumentException e) {
            throw new StoreException(ErrorCode.UNAVAILABLE, "local cluster: " + e.getMessage(), e);
        }
    }
}
