package io.hybridstore.gateway.api;

import io.hybridstore.gateway.infra.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when etcd and the WAL broker both answer within a second: without either no write can succeed. */
@Readiness
@ApplicationScoped
public class DependenciesReadiness implements HealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    @Inject
    Backend backend;

    @Override
    public HealthCheckResponse call() {
        boolean etcd = backend.etcdUp().up(PROBE_TIMEOUT);
        boolean kafka = backend.kafkaUp().up(PROBE_TIMEOUT);
        return HealthCheckResponse.named("gateway-dependencies")
                .status(etcd && kafka)
                .withData("etcd", etcd ? "up" : "down")
                .withData("kafka", kafka ? "up" : "down")
                .build();
    }
}
