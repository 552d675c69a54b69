package io.hybridstore.cluster;

/** What a cluster process is; the apps' roles name the Maven module whose Quarkus jar they run. */
enum Role {
    ETCD(null, null),
    KAFKA(null, null),
    STORAGE_NODE("storage-node", "node"),
    GATEWAY("api-gateway", "gateway"),
    HEALER("healer", "healer");

    private final String module;
    private final String namePrefix;

    Role(String module, String namePrefix) {
        this.module = module;
        this.namePrefix = namePrefix;
    }

    boolean isApp() {
        return module != null;
    }

    /** The Maven module, e.g. {@code storage-node}; null for etcd and Kafka. */
    String module() {
        return module;
    }

    /** {@code node-3}, {@code gateway-1}, {@code healer-2}: numbered from 1. */
    String memberName(int index) {
        return namePrefix + "-" + index;
    }
}
