package io.hybridstore.gateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.gateway.GatewayConfig;
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

/** How the gateway's backend is built: the memory guard, and no leak when a later adapter fails to build. */
class BackendProducerTest {

    static GatewayConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }

    @Test
    void theMemoryBackendIsRefusedInAProductionLaunch() {
        GatewayConfig memory = config(Map.of("gateway.backend", "memory"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendProducer.create(memory, null, LaunchMode.NORMAL, new Closer()));
        assertTrue(e.getMessage().contains("GATEWAY_BACKEND=memory"), e.getMessage());
        assertNotNull(BackendProducer.create(memory, null, LaunchMode.TEST, new Closer()));
        assertNotNull(BackendProducer.create(memory, null, LaunchMode.DEVELOPMENT, new Closer()));
    }

    @Test
    void aKafkaClientThatFailsToBuildClosesTheEtcdConnectionBuiltBeforeIt() {
        GatewayConfig real = config(Map.of("etcd.endpoints", "http://127.0.0.1:1", "cluster.token", "t",
                "kafka.bootstrap-servers", "no-port-here"));
        Closer built = new Closer();
        RuntimeException e = assertThrows(RuntimeException.class, () -> BackendProducer.create(real, null, LaunchMode.NORMAL, built));
        assertTrue(e.getMessage().contains("kafka producer"), e.toString()); // Kafka's own failure, not a close failure
        assertEquals(1, built.closedCount(), "the etcd connection built before the Kafka producer is closed");
    }
}
