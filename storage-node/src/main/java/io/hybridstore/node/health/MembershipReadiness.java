package io.hybridstore.node.health;

import io.hybridstore.node.membership.Membership;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the etcd lease is live: a node that is not in the directory receives no traffic,
 * so calling it ready would mislead. Without ETCD_ENDPOINTS (wiring tests) it is up and says why.
 */
@Readiness
@ApplicationScoped
public class MembershipReadiness implements HealthCheck {
    private final Membership membership;

    MembershipReadiness(Membership membership) {
        this.membership = membership;
    }

    @Override
    public HealthCheckResponse call() {
        return membership.registration()
                .map(r -> HealthCheckResponse.named("etcd-lease").status(r.isLive()).withData("registration", r.describe()).build())
                .orElseGet(() -> HealthCheckResponse.named("etcd-lease").up()
                        .withData("registration", "disabled: ETCD_ENDPOINTS is not set").build());
    }
}
