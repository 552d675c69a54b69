package io.hybridstore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The derivation the manifest tests rely on: env names from the apps' @ConfigMapping interfaces. */
class ConfigNamesTest {

    @Test
    void smallRyeEnvNameRule() {
        assertEquals("NODE_DATA_DIR", ConfigNames.toEnv("node.data-dir"));
        assertEquals("GATEWAY_REPLAY_GRACE", ConfigNames.toEnv("gateway.replay.grace"));
        assertEquals("QUARKUS_HTTP_PORT", ConfigNames.toEnv("quarkus.http.port"));
    }

    @Test
    void storageNodeNamesIncludeTheOnesItsReadmeDocuments() {
        // storage-node/README.md "Configuration" lists these 13.
        Set<String> names = App.STORAGE_NODE.properties().keySet();
        assertTrue(names.containsAll(List.of("NODE_ID", "NODE_DATA_DIR", "NODE_ZONE", "NODE_URL", "NODE_HEARTBEAT_INTERVAL",
                "NODE_TIMEOUT", "NODE_MAX_CHUNK_SIZE", "NODE_RESERVE", "NODE_DIRECT_IO", "ETCD_ENDPOINTS", "ETCD_PREFIX",
                "ETCD_REQUEST_TIMEOUT", "CLUSTER_TOKEN")), new TreeSet<>(names).toString());
        assertTrue(names.size() >= 13, "storage-node properties: " + names.size());
        assertEquals(3, ConfigNames.mappingsBesides(io.hybridstore.node.NodeConfig.class).size(), "node, etcd, cluster mappings");
        assertEquals(Set.of("CLUSTER_TOKEN", "NODE_DATA_DIR", "NODE_ID"), required(App.STORAGE_NODE), "no default, not optional");
    }

    @Test
    void gatewayNamesIncludeNestedGroups() {
        Set<String> names = App.API_GATEWAY.properties().keySet();
        for (String expected : List.of("ETCD_ENDPOINTS", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_WAL_TOPIC", "CLUSTER_TOKEN",
                "GATEWAY_ID", "GATEWAY_MAX_BODY_SIZE", "GATEWAY_REPLAY_ENABLED", "GATEWAY_REPLAY_GRACE", "GATEWAY_FAILPOINT")) {
            assertTrue(names.contains(expected), expected + " in " + new TreeSet<>(names));
        }
        // 26 when this was written (etcd 3, kafka 3, cluster 1, gateway 15, replay 4); the gateway grows.
        assertTrue(names.size() >= 26, "gateway properties: " + new TreeSet<>(names));
        assertEquals(Set.of(), required(App.API_GATEWAY), "every gateway property has a default or is optional");
        assertEquals("16M", App.API_GATEWAY.property("GATEWAY_MAX_BODY_SIZE").defaultValue().orElseThrow());
        assertEquals(Set.of("GATEWAY_BACKEND", "GATEWAY_FAILPOINT"), App.API_GATEWAY.forbiddenInDeployment());
    }

    @Test
    void healerNamesSkipDerivedDefaultMethods() {
        Set<String> names = App.HEALER.properties().keySet();
        assertTrue(names.contains("HEALER_GC_FILTER_BITS"), new TreeSet<>(names).toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("SETTINGS")), "settings() is a default method, not a property");
        // 25 when this was written (etcd 3, cluster 1, healer 21).
        assertTrue(names.size() >= 25, "healer properties: " + new TreeSet<>(names));
        assertEquals(Set.of("HEALER_BACKEND"), App.HEALER.forbiddenInDeployment());
    }

    @Test
    void foreignPrefixesAreAllowedAndOthersAreNot() {
        assertTrue(App.HEALER.reads("QUARKUS_HTTP_PORT"));
        assertTrue(App.HEALER.reads("JAVA_MAX_MEM_RATIO"));
        assertTrue(!App.HEALER.reads("NODE_ID"), "a node setting on a healer is a mistake");
        assertTrue(!App.STORAGE_NODE.reads("KAFKA_BOOTSTRAP_SERVERS"));
    }

    private static Set<String> required(App app) {
        Set<String> out = new TreeSet<>();
        app.properties().values().stream().filter(ConfigNames.Property::required).forEach(p -> out.add(p.envName()));
        return out;
    }
}
