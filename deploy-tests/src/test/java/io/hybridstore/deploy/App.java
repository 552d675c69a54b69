package io.hybridstore.deploy;

import io.hybridstore.gateway.GatewayConfig;
import io.hybridstore.healer.HealerConfig;
import io.hybridstore.node.NodeConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Our three apps: module, image name, and what their configuration lets a deployment set. */
enum App {
    STORAGE_NODE("storage-node", NodeConfig.class, List.of("NODE_ID", "NODE_DATA_DIR", "NODE_URL", "NODE_ZONE")),
    API_GATEWAY("api-gateway", GatewayConfig.class, List.of("KAFKA_BOOTSTRAP_SERVERS", "GATEWAY_ID", "GATEWAY_S3_PORT")),
    HEALER("healer", HealerConfig.class, List.of("HEALER_ID"));

    /** What every app needs in a real deployment (no memory backend, a fixed port the probes use). */
    static final List<String> COMMON_REQUIRED = List.of("QUARKUS_HTTP_PORT", "ETCD_ENDPOINTS", "CLUSTER_TOKEN");
    /** Env names read by the JVM launcher or Quarkus itself rather than by our mappings. */
    static final List<String> FOREIGN_PREFIXES = List.of("QUARKUS_", "JAVA_");

    final String module;
    private final Class<?> anchor;
    private final List<String> ownRequired;
    private Map<String, ConfigNames.Property> properties;

    App(String module, Class<?> anchor, List<String> ownRequired) {
        this.module = module;
        this.anchor = anchor;
        this.ownRequired = ownRequired;
    }

    String image() {
        return "hybridstore/" + module + ":" + Repo.version();
    }

    static Optional<App> byImage(String image) {
        return Arrays.stream(values()).filter(a -> image.startsWith("hybridstore/" + a.module + ":")).findFirst();
    }

    /** Env name -> property, over every @ConfigMapping in the app's jar. */
    synchronized Map<String, ConfigNames.Property> properties() {
        if (properties == null) {
            Map<String, ConfigNames.Property> byEnv = new LinkedHashMap<>();
            for (Class<?> mapping : ConfigNames.mappingsBesides(anchor)) {
                for (ConfigNames.Property p : ConfigNames.properties(mapping)) {
                    ConfigNames.Property clash = byEnv.put(p.envName(), p);
                    if (clash != null && !clash.name().equals(p.name())) {
                        throw new IllegalStateException(p.envName() + " names both " + clash.name() + " and " + p.name());
                    }
                }
            }
            properties = Map.copyOf(byEnv);
        }
        return properties;
    }

    ConfigNames.Property property(String envName) {
        ConfigNames.Property p = properties().get(envName);
        if (p == null) {
            throw new IllegalStateException(module + " reads no " + envName + "; its names: " + new TreeSet<>(properties().keySet()));
        }
        return p;
    }

    /** May this env var be set on the app's container? */
    boolean reads(String envName) {
        return properties().containsKey(envName) || FOREIGN_PREFIXES.stream().anyMatch(envName::startsWith);
    }

    /** Must be set: the common ones, this app's own, and every property without a default. */
    Set<String> requiredInDeployment() {
        Set<String> required = new TreeSet<>(COMMON_REQUIRED);
        required.addAll(ownRequired);
        properties().values().stream().filter(ConfigNames.Property::required).map(ConfigNames.Property::envName)
                .forEach(required::add);
        return required;
    }

    /** Test-only switches (in-memory backend, crash points) that no deployment may set. */
    Set<String> forbiddenInDeployment() {
        return properties().values().stream()
                .filter(p -> p.name().endsWith(".backend") || p.name().endsWith(".failpoint"))
                .map(ConfigNames.Property::envName).collect(Collectors.toCollection(TreeSet::new));
    }
}
