package io.hybridstore.healer;

import io.hybridstore.common.repair.HealerStats;
import io.hybridstore.common.repair.HealerStatus;
import io.hybridstore.common.repair.PageTimes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** Prometheus view of {@link HealerStats} (the same numbers as {@code /status}), read on scrape. */
@ApplicationScoped
public class HealerMetrics {

    private final HealerStats stats;
    private final MeterRegistry registry;

    HealerMetrics(HealerStats stats, MeterRegistry registry) {
        this.stats = stats;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        gauge("hybridstore.healer.leader", "1 while this instance holds the healer leadership (not the etcd raft leader)",
                s -> s.leader() ? 1 : 0);
        gauge("hybridstore.healer.scan.scanned", "Records scanned in the current cycle", HealerStatus::scanned);
        gauge("hybridstore.healer.scan.total", "Records in the last complete cycle", HealerStatus::total);
        Gauge.builder("hybridstore.healer.objects", stats, st -> st.snapshot().healthy()).tag("condition", "healthy")
                .description("Objects by condition in the last complete cycle").register(registry);
        Gauge.builder("hybridstore.healer.objects", stats, st -> st.snapshot().degraded()).tag("condition", "degraded")
                .description("Objects by condition in the last complete cycle").register(registry);
        Gauge.builder("hybridstore.healer.objects", stats, st -> st.snapshot().lost()).tag("condition", "lost")
                .description("Objects by condition in the last complete cycle").register(registry);
        gauge("hybridstore.healer.last.pass.timestamp.seconds", "End of the last pass", s -> s.lastPassAtMillis() / 1000.0);
        gauge("hybridstore.healer.last.pass.duration.seconds", "Duration of the last pass", s -> s.lastPassMillis() / 1000.0);
        counter("hybridstore.healer.passes", "Passes run", HealerStatus::passes);
        counter("hybridstore.healer.repairs", "Copies (replicas or shards) made", HealerStatus::repairsDone);
        counter("hybridstore.healer.repairs.failed", "Object repairs that failed (retried with backoff)", HealerStatus::repairsFailed);
        counter("hybridstore.healer.conflicts", "Metadata updates lost to a concurrent write", HealerStatus::conflicts);
        counter("hybridstore.healer.object.errors", "Objects whose healing ended in an error (logged with the key, backed off)",
                HealerStatus::objectErrors);
        counter("hybridstore.healer.phase.errors", "Pass phases (dirty index, scan, scrub) that failed as a whole",
                HealerStatus::phaseErrors);
        counter("hybridstore.healer.repaired.bytes", "Bytes written to new homes", HealerStatus::bytesRepaired);
        counter("hybridstore.healer.scrubbed.chunks", "Chunks re-verified by scrub", HealerStatus::chunksScrubbed);
        counter("hybridstore.healer.corrupt.chunks", "Corrupt chunks found by scrub", HealerStatus::corruptFound);
        counter("hybridstore.healer.scrub.unchecked", "Copies scrub could not verify (checked again next pass)",
                HealerStatus::scrubUnchecked);
        counter("hybridstore.healer.garbage.deleted", "Unreferenced chunks deleted", HealerStatus::garbageDeleted);
        FunctionCounter.builder("hybridstore.healer.scan.rests", stats, HealerStats::scanRests)
                .description("Passes whose full scan rested: the last cycle found nothing to do on the same live nodes, "
                        + "less than HEALER_SCAN_CYCLE_MIN ago").register(registry);
        for (PageTimes.Step step : PageTimes.Step.values()) {
            // One timer per step of a healed page: count = pages, total = that step's time in them.
            FunctionTimer.builder("hybridstore.healer.page.step", stats, HealerStats::pages, st -> st.stepSeconds(step), TimeUnit.SECONDS)
                    .tag("step", step.label()).description("Time healed pages spent in each step (see PageTimes)").register(registry);
        }
        FunctionCounter.builder("hybridstore.healer.page.records", stats, st -> st.pageTotals().records())
                .description("Records in healed pages").register(registry);
        FunctionCounter.builder("hybridstore.healer.page.requests", stats, st -> st.pageTotals().requests())
                .description("Batch reads and writes sent to storage nodes by healed pages").register(registry);
    }

    private void gauge(String name, String help, ToDoubleFunction<HealerStatus> value) {
        Gauge.builder(name, stats, st -> value.applyAsDouble(st.snapshot())).description(help).register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<HealerStatus> value) {
        FunctionCounter.builder(name, stats, st -> value.applyAsDouble(st.snapshot())).description(help).register(registry);
    }
}
