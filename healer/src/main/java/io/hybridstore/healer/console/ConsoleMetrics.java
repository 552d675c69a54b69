package io.hybridstore.healer.console;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The console's live view as Prometheus gauges, so the Grafana dashboard shows the same redundancy
 * by liveness as the page (the healer's own {@code hybridstore_healer_objects} are per scan cycle).
 * Read from the latest snapshot at scrape time: no extra work per scrape.
 */
@ApplicationScoped
public class ConsoleMetrics {

    private static final Map<String, Function<ConsoleSnapshot.Redundancy, ConsoleSnapshot.Tally>> PARTS = Map.of(
            "all", ConsoleSnapshot.Redundancy::overall, "hot", ConsoleSnapshot.Redundancy::hot,
            "cold", ConsoleSnapshot.Redundancy::cold, "stripe", ConsoleSnapshot.Redundancy::stripe);
    private static final Map<String, ToDoubleFunction<ConsoleSnapshot.Tally>> SHORTFALLS = Map.of(
            "full", ConsoleSnapshot.Tally::full, "missing1", ConsoleSnapshot.Tally::missing1,
            "missing2", ConsoleSnapshot.Tally::missing2, "lost", ConsoleSnapshot.Tally::lost);

    private final ConsoleState state;
    private final MeterRegistry registry;

    ConsoleMetrics(ConsoleState state, MeterRegistry registry) {
        this.state = state;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        PARTS.forEach((part, tally) -> SHORTFALLS.forEach((shortfall, count) ->
                Gauge.builder("hybridstore.console.objects", state, s -> count.applyAsDouble(tally.apply(s.snapshot().redundancy())))
                        .tag("part", part).tag("shortfall", shortfall)
                        .description("Objects by copies missing, judged by node leases now (part=all: by the worst part)")
                        .register(registry)));
        for (boolean live : new boolean[] {true, false}) {
            Gauge.builder("hybridstore.console.nodes", state, s -> s.snapshot().nodes().stream().filter(n -> n.live() == live).count())
                    .tag("state", live ? "live" : "dead").description("Storage nodes known to the console, by lease")
                    .register(registry);
        }
        Gauge.builder("hybridstore.console.heal.queue", state, s -> s.snapshot().healing().queue())
                .description("Degraded objects (readable, below full redundancy): what the healer has left").register(registry);
        FunctionCounter.builder("hybridstore.console.healed.objects", state, ConsoleState::healedObjects)
                .description("Objects a repair brought back to full redundancy (seen by this instance)").register(registry);
    }
}
