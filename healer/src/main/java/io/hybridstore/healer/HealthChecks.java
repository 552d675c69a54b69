package io.hybridstore.healer;

import io.hybridstore.healer.infra.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: etcd answers (bounded). Liveness: the leader loop thread runs. */
public final class HealthChecks {

    private static final Duration ETCD_PROBE = Duration.ofSeconds(1);

    private HealthChecks() {
    }

    @Readiness
    @ApplicationScoped
    public static class EtcdReachable implements HealthCheck {
        private final Backend backend;

        EtcdReachable(Backend backend) {
            this.backend = backend;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("etcd").status(backend.etcdUp().up(ETCD_PROBE)).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class LoopRunning implements HealthCheck {
        private final LeaderLoop loop;

        LoopRunning(LeaderLoop loop) {
            this.loop = loop;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("leader-loop").status(loop.running()).build();
        }
    }
}
