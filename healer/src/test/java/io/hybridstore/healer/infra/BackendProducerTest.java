package io.hybridstore.healer.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.healer.HealerConfig;
import io.hybridstore.io.Closer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the healer's backend is built: the memory guard, and no leak when a later adapter fails to build. */
class BackendProducerTest {

    private static HealerConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(HealerConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(HealerConfig.class);
    }

    @Test
    void theMemoryBackendIsRefusedInAProductionLaunch() {
        HealerConfig memory = config(Map.of("healer.backend", "memory"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendProducer.create(memory, null, LaunchMode.NORMAL, new Closer()));
        assertTrue(e.getMessage().contains("HEALER_BACKEND=memory"), e.getMessage());
        assertNotNull(BackendProducer.create(memory, null, LaunchMode.TEST, new Closer()));
        assertNotNull(BackendProducer.create(memory, null, LaunchMode.DEVELOPMENT, new Closer()));
    }

    @Test
    void anAdapterThatFailsToBuildClosesTheEtcdConnectionBuiltBeforeIt() {
        HealerConfig real = config(Map.of("etcd.endpoints", "http://127.0.0.1:1", "cluster.token", "t",
                "healer.lease-ttl", "100ms"));
        Closer built = new Closer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendProducer.create(real, null, LaunchMode.NORMAL, built));
        assertTrue(e.getMessage().contains("lease TTL"), e.getMessage());
        assertEquals(1, built.closedCount(), "the etcd connection built before the elector is closed");
    }
}
