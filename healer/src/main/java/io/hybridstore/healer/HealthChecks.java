package io.hybridstore.healer;

import io.hybridstore.common.error.StoreException;
import io.hybridstore.healer.infra.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness: etcd answers (bounded), and how many WAL records the gateways set aside (reported, with
 * a WARN when the number changes and is not zero; it does not make the healer unready, which would
 * only hide its /status). Liveness: the leader loop thread runs.
 */
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

    @Readiness
    @ApplicationScoped
    public static class DeadLettersWaiting implements HealthCheck {
        private static final Logger LOG = Logger.getLogger(DeadLettersWaiting.class);
        private final Backend backend;
        private final AtomicLong lastSeen = new AtomicLong();

        DeadLettersWaiting(Backend backend) {
            this.backend = backend;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("replay-dead-letters").up();
            try {
                long waiting = backend.deadLetters().count();
                if (waiting > 0 && lastSeen.getAndSet(waiting) != waiting) {
                    LOG.warnf("%d WAL record(s) the gateways could not replay wait in the dead-letter list: "
                            + "GET /admin/dead-letters on a gateway, then redrive or discard each", waiting);
                }
                lastSeen.set(waiting);
                return response.withData("waiting", waiting).build();
            } catch (StoreException e) {
                return response.withData("waiting", "unknown: " + e.getMessage()).build(); // the etcd check says why
            }
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
