package io.hybridstore.bench.small;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * {@code make bench-small}: a warm-up, the floors at 1 client and at the most clients, 10 s without
 * load (the idle CPU), then writes and reads at each client count and the mixed run, every phase
 * measured with CPU per process.
 */
final class SmallBench {
    /** No clients: what the cluster burns on its own (heartbeats, healer passes, JIT), the base of the net CPU per operation. */
    static final String IDLE = "idle";
    private static final Duration IDLE_LENGTH = Duration.ofSeconds(10);

    private final SmallBenchSettings settings;
    private final Probe probe;
    private final BenchRun run;

    SmallBench(BenchRun run) {
        this.run = run;
        this.settings = run.settings();
        this.probe = run.probe();
    }

    /** The phases; {@code floors} receives the floors as they are measured, {@code notes} how the warm-up ended. */
    List<PhaseReport> run(List<SmallBenchReport.Floor> floors, List<String> notes) throws Exception {
        KeyPool written = new KeyPool(2_000_000);
        IntFunction<GatewayClient> client = run.gatewayClients("bs", written);
        List<SmallBenchSettings.Shape> shapes = settings.phaseShapes();
        BenchRun.progress("warm-up: %s, a share each of %s", settings.warmup(), shapes);
        warmUp(client, shapes, settings.warmup());
        notes.add(JitWarmUp.untilSettled(settings, probe, window -> warmUp(client, shapes, window)));

        floors.addAll(new Floors(run).measure(Collections.max(settings.clients())));

        List<PhaseReport> phases = new ArrayList<>();
        PhaseReport idle = measure(IDLE, 0, IDLE_LENGTH, c -> () -> Operation.Outcome.OK);
        phases.add(idle);
        for (SmallBenchSettings.Shape shape : shapes) {
            phases.add(measure(phaseName(shape), shape.clients(), operation(shape, client)));
        }
        return phases.stream().map(p -> p.net(idle.idleCpuPerSecond())).toList();
    }

    /** {@code length} of unmeasured load, an equal share for each shape in turn (writes first: the reads read what they wrote). */
    private void warmUp(IntFunction<GatewayClient> client, List<SmallBenchSettings.Shape> shapes, Duration length) throws InterruptedException {
        Duration share = length.dividedBy(shapes.size());
        for (SmallBenchSettings.Shape shape : shapes) {
            LoadRun.timed("warmup-" + shape.load().name().toLowerCase(Locale.ROOT), shape.clients(), share, operation(shape, client));
        }
    }

    /** What each client of {@code shape} does. */
    private IntFunction<Operation> operation(SmallBenchSettings.Shape shape, IntFunction<GatewayClient> client) {
        return switch (shape.load()) {
            case WRITE -> c -> client.apply(c).writes();
            case READ -> c -> client.apply(c).reads();
            case MIXED -> c -> client.apply(c).mixed(settings.readPercent());
        };
    }

    /** The phase's name in the report (and in the JSON, which earlier runs' tools read): write, read, mixed N% read. */
    private String phaseName(SmallBenchSettings.Shape shape) {
        return switch (shape.load()) {
            case WRITE -> "write";
            case READ -> "read";
            case MIXED -> "mixed " + settings.readPercent() + "% read";
        };
    }

    private PhaseReport measure(String name, int clients, IntFunction<Operation> op) throws InterruptedException {
        return measure(name, clients, settings.phase(), op);
    }

    private PhaseReport measure(String name, int clients, Duration length, IntFunction<Operation> op) throws InterruptedException {
        return run.measure(name, clients, length, op);
    }
}
