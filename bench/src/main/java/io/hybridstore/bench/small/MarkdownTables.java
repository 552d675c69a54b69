package io.hybridstore.bench.small;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The report as markdown tables, ready for docs/benchmarks.md. */
final class MarkdownTables {

    private MarkdownTables() {
    }

    static String render(SmallBenchReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s run started %s on %d cores; load average %s at start, %s at end%n%n",
                r.mode(), r.startedAt(), r.cores(), r.loadAverageStart(), r.loadAverageEnd()));
        if (!r.phases().isEmpty()) {
            out.append(phases(r.phases())).append('\n');
            out.append(byKind(r.phases())).append('\n');
            out.append(serverTiming(r.phases())).append('\n');
            out.append(slowest(r.phases())).append('\n');
        }
        if (!r.floors().isEmpty()) {
            out.append(floors(r.floors())).append('\n');
            if (!r.phases().isEmpty()) {
                out.append(ratios(r.ratios())).append('\n');
            }
        }
        if (!r.phases().isEmpty()) {
            out.append(cpu(r.phases())).append('\n');
            out.append(jit(r.phases())).append('\n');
            out.append(gc(r.phases())).append('\n');
        }
        if (r.heal() != null) {
            out.append(heal(r.heal())).append('\n');
        }
        r.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
        return out.toString();
    }

    static String phases(List<PhaseReport> phases) {
        StringBuilder t = new StringBuilder("| phase | clients | ops/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | "
                + "CPU ms/op (cluster) | net of idle | JIT s (compiler CPU-s) | load avg (end) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseReport p : phases) {
            if (p.clients() == 0) {
                t.append(String.format(Locale.ROOT, "| %s | 0 | — | | | | | | | cluster %.2f CPU-s/s | | %.1f (%.1f) | %s |%n", p.name(),
                        p.idleCpuPerSecond(), p.jitSeconds(), p.compilerCpuTotal(), p.loadAverageEnd()));
                continue;
            }
            OpStats.Latency l = p.latencyMs();
            t.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %s | %s | %s | %s | %.2f | %s | %.1f (%.1f) | %s |%n", p.name(),
                    p.clients(), p.opsPerSecond(), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()), errors(p.errors()),
                    p.cpuMsPerOp(), ms(p.netCpuMsPerOp()), p.jitSeconds(), p.compilerCpuTotal(), p.loadAverageEnd()));
        }
        return t.toString();
    }

    /**
     * The phases whose load mixed kinds of request (reads and writes), each kind's latency apart: a
     * mixed load's p99 alone is mostly its slower kind's, whatever the other did.
     */
    static String byKind(List<PhaseReport> phases) {
        List<PhaseReport> mixed = phases.stream().filter(p -> p.latencyMsByKind().size() > 1).toList();
        if (mixed.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("| phase | clients | kind | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseReport p : mixed) {
            p.latencyMsByKind().forEach((kind, l) -> t.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %s | %s | %s | %s |%n",
                    p.name(), p.clients(), kind, l.count(), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()))));
        }
        return t.toString();
    }

    /**
     * Median and 99th percentile of each Server-Timing part of the phases that have one (the gateway's
     * own split of a write or a read): where a median request and a slow one spent their time.
     */
    static String serverTiming(List<PhaseReport> phases) {
        List<PhaseReport> writes = phases.stream().filter(p -> !p.serverTimingP50Ms().isEmpty()).toList();
        if (writes.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("| phase | clients | Server-Timing p50 / p99 (ms) |\n|---|---|---|\n");
        for (PhaseReport p : writes) {
            t.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", p.name(), p.clients(), p.serverTimingP50Ms().entrySet().stream()
                    .map(e -> e.getKey() + " " + ms(e.getValue()) + " / " + ms(p.serverTimingP99Ms().get(e.getKey())))
                    .collect(Collectors.joining(", "))));
        }
        return t.toString();
    }

    /**
     * The slowest 1 % of each phase taken apart request by request: the mean of each Server-Timing part
     * over those requests, which (unlike the parts' own p99s) add up to their mean latency.
     */
    static String slowest(List<PhaseReport> phases) {
        List<PhaseReport> timed = phases.stream().filter(p -> p.slowestPercent().requests() > 0).toList();
        if (timed.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("| phase | clients | slowest 1 %: requests | from ms | mean ms | mean of each part over them (ms) |\n"
                + "|---|---|---|---|---|---|\n");
        for (PhaseReport p : timed) {
            SlowestRequests.Anatomy a = p.slowestPercent();
            t.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n", p.name(), p.clients(), a.requests(), ms(a.fromMs()),
                    ms(a.meanMs()), a.partsMeanMs().entrySet().stream().map(e -> e.getKey() + " " + ms(e.getValue()))
                            .collect(Collectors.joining(", "))));
        }
        return t.toString();
    }

    static String floors(List<SmallBenchReport.Floor> floors) {
        StringBuilder t = new StringBuilder("| floor | 1 client: p50 ms | p99 ms | ops/s | N clients: ops/s | p50 ms | p99 ms | errors |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (SmallBenchReport.Floor f : floors) {
            PhaseReport one = f.single();
            PhaseReport many = f.concurrent();
            t.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f (%d) | %s | %s | %s |%n", f.name(), ms(one.latencyMs().p50()),
                    ms(one.latencyMs().p99()), one.opsPerSecond(), many.opsPerSecond(), many.clients(), ms(many.latencyMs().p50()),
                    ms(many.latencyMs().p99()), errors(merge(one.errors(), many.errors()))));
        }
        return t.toString();
    }

    static String ratios(SmallBenchReport.Ratios r) {
        return String.format(Locale.ROOT, "| ratio at 1 client | p50 ms | floors' p50 ms | ratio (goal ≤ 2) |%n|---|---|---|---|%n"
                        + "| write ÷ (Kafka append + etcd commit + node PUT) | %s | %s | %s |%n"
                        + "| read ÷ (etcd get + chunk GET) | %s | %s | %s |%n",
                ms(r.writeP50Ms()), ms(r.writeFloorsP50Ms()), ratio(r.write()), ms(r.readP50Ms()), ms(r.readFloorsP50Ms()), ratio(r.read()));
    }

    /** CPU-seconds per process over each phase, the nodes also summed, then CPU per operation. */
    static String cpu(List<PhaseReport> phases) {
        return "CPU-seconds per process over each phase:\n\n" + perProcess(phases, phases.get(0).cpuSeconds().keySet(),
                List.of("cluster", "bench client", "cluster CPU ms/op"),
                (p, name) -> String.format(Locale.ROOT, "%.1f", p.cpuSeconds().getOrDefault(name, 0.0)),
                p -> String.format(Locale.ROOT, "%.1f | %.1f | %.2f", p.clusterCpuSeconds(), p.clientCpuSeconds(), p.cpuMsPerOp()));
    }

    /**
     * Per JVM and phase, the CPU-seconds of its JIT compiler threads, then the compilers' elapsed
     * seconds: which JVMs are still compiling, and how much of their CPU that is.
     */
    static String jit(List<PhaseReport> phases) {
        return "JIT per JVM over each phase: compiler threads' CPU-s (compile time, elapsed s):\n\n"
                + perProcess(phases, phases.get(0).compilerCpuSeconds().keySet(), List.of("all"),
                (p, name) -> String.format(Locale.ROOT, "%.1f (%.1f)", p.compilerCpuSeconds().getOrDefault(name, 0.0),
                        p.jitSecondsByProcess().getOrDefault(name, 0.0)),
                p -> String.format(Locale.ROOT, "%.1f (%.1f)", p.compilerCpuTotal(), p.jitSeconds()));
    }

    /** Per JVM and phase, its garbage collectors' seconds and (in brackets) collections: pauses that stop the JVM. */
    static String gc(List<PhaseReport> phases) {
        return "GC per JVM over each phase: seconds (collections):\n\n"
                + perProcess(phases, phases.get(0).gcSecondsByProcess().keySet(), List.of("all"),
                (p, name) -> String.format(Locale.ROOT, "%.2f (%d)", p.gcSecondsByProcess().getOrDefault(name, 0.0),
                        p.gcCollectionsByProcess().getOrDefault(name, 0L)),
                p -> String.format(Locale.ROOT, "%.2f (%d)", p.gcSecondsTotal(),
                        p.gcCollectionsByProcess().values().stream().mapToLong(Long::longValue).sum()));
    }

    /** A row per phase, a column per process, then the {@code totals} columns. */
    private static String perProcess(List<PhaseReport> phases, Collection<String> processes, List<String> totals,
                                     BiFunction<PhaseReport, String, String> cell,
                                     Function<PhaseReport, String> total) {
        List<String> names = new ArrayList<>(processes);
        StringBuilder t = new StringBuilder("| phase | clients | " + String.join(" | ", names) + " | " + String.join(" | ", totals)
                + " |\n|---|---|" + "---|".repeat(names.size() + totals.size()) + "\n");
        for (PhaseReport p : phases) {
            t.append("| ").append(p.name()).append(" | ").append(p.clients()).append(" | ");
            for (String name : names) {
                t.append(cell.apply(p, name)).append(" | ");
            }
            t.append(total.apply(p)).append(" |\n");
        }
        return t.toString();
    }

    static String heal(HealReport h) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "| heal: SIGKILL %s | value |%n|---|---|%n| documents written before the load | %d |%n| documents in the store at the kill | %d |%n"
                        + "| records with a copy on %s at lease expiry | %d |%n| records with a copy on it at the end | %d |%n"
                        + "| kill → lease expiry (s) | %s |%n"
                        + "| lease expiry → first repair (s) | %s |%n| lease expiry → full redundancy (s) | %s |%n"
                        + "| copies repaired | %d |%n| objects repaired per second (first repair → full redundancy or timeout) | %s |%n"
                        + "| copies repaired per second | %s |%n",
                h.victim(), h.documents(), h.documentsAtKill(), h.victim(), h.recordsOnVictimAtExpiry(), h.recordsOnVictimAtEnd(), seconds(h.killToLeaseExpiry()),
                seconds(h.expiryToFirstRepair()), seconds(h.expiryToFullRedundancy()), h.copiesRepaired(), rate(h.objectsPerSecond()),
                rate(h.copiesPerSecond())));
        if (h.leader() != null) {
            PhaseReport healing = h.healing();
            t.append(String.format(Locale.ROOT, "| the leading healer, %s: CPU-s over the heal (of it its compiler threads') | %.2f (%.2f) |%n",
                    h.leader(), healing.cpuSeconds().getOrDefault(h.leader(), 0.0), healing.compilerCpuSeconds().getOrDefault(h.leader(), 0.0)));
        }
        List<PhaseReport> windows = List.of(h.before(), h.untilLeaseExpiry(), h.healing());
        t.append("\nclient load through the heal:\n\n").append(phases(windows)).append('\n').append(byKind(windows));
        t.append('\n').append(slowest(windows));
        t.append('\n').append(cpu(windows)).append('\n').append(jit(windows));
        t.append("\nexact checks (watch: the records followed through etcd at that moment; scan: every record and the dirty index read):\n\n")
                .append("| s after expiry | on victim | not stored | in flight | lost | dirty marks | records | by |\n|---|---|---|---|---|---|---|---|\n");
        for (HealReport.Check c : h.checks()) {
            t.append(String.format(Locale.ROOT, "| %.1f | %d | %d | %d | %d | %d | %d | %s |%n", c.secondsAfterExpiry(), c.onVictim(),
                    c.notStored(), c.inFlight(), c.lost(), c.dirtyMarks(), c.scanned(), c.by()));
        }
        return t.toString();
    }

    static String ms(Double value) {
        return value == null ? "—" : value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.1f×", value);
    }

    private static String seconds(Double value) {
        return value == null ? "not reached" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String rate(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** e.g. {@code 503×3, timeout×1}; {@code 0} when there were none. */
    static String errors(Map<String, Long> errors) {
        return errors.isEmpty() ? "0" : errors.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> all = new java.util.TreeMap<>(a);
        b.forEach((k, v) -> all.merge(k, v, Long::sum));
        return all;
    }
}
