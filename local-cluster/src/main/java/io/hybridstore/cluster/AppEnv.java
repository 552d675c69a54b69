package io.hybridstore.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment each app process gets; the names are the apps' config contract. */
final class AppEnv {
    private AppEnv() {
    }

    /**
     * @param kafkaBootstrap empty when the cluster runs without Kafka
     * @param dataDir the app's own data dir (only storage nodes use it)
     */
    static Map<String, String> of(Layout.Slot slot, String etcdEndpoints, String kafkaBootstrap, String clusterToken, Path dataDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(slot.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("ETCD_ENDPOINTS", etcdEndpoints);
        env.put("CLUSTER_TOKEN", clusterToken);
        switch (slot.role()) {
            case STORAGE_NODE -> {
                env.put("NODE_ID", slot.name());
                env.put("NODE_DATA_DIR", dataDir.toString());
                env.put("NODE_ZONE", slot.zone());
                env.put("NODE_URL", "http://127.0.0.1:" + slot.port());
            }
            case GATEWAY -> {
                env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
                env.put("GATEWAY_ID", slot.name());
                // The catalogue's field filters (GET /objects?field.owner=...) over these document fields.
                env.put("GATEWAY_CATALOGUE_INDEXED_FIELDS", "status,owner,score");
                env.put("GATEWAY_S3_PORT", Integer.toString(slot.secondPort()));
                env.put("GATEWAY_S3_HOST", "127.0.0.1");
                // Local experiments: anonymous S3 callers may own buckets too, as requests without
                // credentials pass on the JSON API here (off by default, so off in compose and k8s).
                // Signed requests are checked against the access keys all the same.
                env.put("GATEWAY_S3_ANONYMOUS_ACCESS", "true");
            }
            case HEALER -> env.put("HEALER_ID", slot.name());
            default -> throw new IllegalArgumentException(slot.name() + " is not an app");
        }
        return env;
    }
}
