package io.hybridstore.healer;

import io.hybridstore.common.repair.HealerStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The counters outlive leadership terms: one instance per process. */
@ApplicationScoped
public class HealerStatsProducer {

    @Produces
    @Singleton // records and final classes cannot be proxied; nothing needs laziness here
    HealerStats stats(HealerConfig config) {
        return new HealerStats(config.healer().id());
    }
}
