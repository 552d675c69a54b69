package io.hybridstore.node.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The node configurations the @QuarkusTests run under; tests sharing a profile share one application. */
public final class Profiles {
    public static final String TOKEN = "test-token";

    private Profiles() {
    }

    /** HTTP wiring only: no etcd, no reserve. */
    public static class Standalone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("node.reserve", "0", "node.max-chunk-size", "4M");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TempDataDir.class));
        }
    }

    /** Standalone with the native transport switched off, as QUARKUS_VERTX_PREFER_NATIVE_TRANSPORT=false does. */
    public static class Nio implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("node.reserve", "0", "node.max-chunk-size", "4M", "quarkus.vertx.prefer-native-transport", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TempDataDir.class));
        }
    }

    /** Tiny maximum chunk size and a reserve no disk satisfies: 413 and 507 without writing gigabytes. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("node.max-chunk-size", "1K", "node.reserve", "100000000G", "node.batch-max-bytes", "2K");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TempDataDir.class));
        }
    }

    /** Registers in a real etcd with a short lease, so loss and renewal happen within a test. */
    public static class WithEtcd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("node.reserve", "0", "node.zone", "zone-a", "node.timeout", "2s", "node.heartbeat-interval", "300ms",
                    "etcd.request-timeout", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TempDataDir.class), new TestResourceEntry(TestEtcd.class));
        }
    }
}
