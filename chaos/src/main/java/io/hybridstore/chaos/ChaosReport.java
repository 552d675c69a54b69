package io.hybridstore.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a run did and found, and its text form. */
public record ChaosReport(ChaosSettings settings, List<FaultEvent> faults, WriteLoad.ReadCounts reads,
                          Convergence.Result convergence, CheckResult check, List<Violation> runViolations,
                          Duration startup, Duration total) {

    public List<Violation> violations() {
        List<Violation> all = new ArrayList<>(runViolations);
        all.addAll(check.violations());
        return all;
    }

    public boolean passed() {
        return violations().isEmpty();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        line(out, "==== chaos run (%s) seed %d: %s", settings.profile(), settings.seed(), passed() ? "PASS" : "FAIL");
        line(out, "reproduce:  %s", settings.reproduce());
        line(out, "load:       %s, %d clients x %d keys, cluster up in %s, whole run %s", Fault.seconds(settings.load()),
                settings.clients(), settings.keysPerClient(), Fault.seconds(startup), Fault.seconds(total));
        int attempts = check.count(Outcome.ACKED) + check.count(Outcome.UNKNOWN) + check.count(Outcome.REJECTED);
        line(out, "writes:     %d attempted: %d acked %s, %d unknown %s, %d rejected %s", attempts,
                check.count(Outcome.ACKED), kinds(Outcome.ACKED), check.count(Outcome.UNKNOWN), kinds(Outcome.UNKNOWN),
                check.count(Outcome.REJECTED), kinds(Outcome.REJECTED));
        line(out, "reads:      %d served, %d not found, %d unavailable (5xx or no answer, allowed under faults)",
                reads.served(), reads.notFound(), reads.unavailable());
        line(out, "faults:     %d injected", faults.stream().filter(f -> f.killedAt() != null).count());
        faults.stream().sorted(Comparator.comparing(f -> f.killedAt() == null ? f.fault().at() : f.killedAt()))
                .forEach(f -> line(out, "  %s", f));
        line(out, "converge:   %s", convergence.converged()
                ? "settled " + Fault.seconds(convergence.took())
                        + " after the load stopped (all healthy, replay caught up, every object clean)"
                : "NOT settled within " + Fault.seconds(settings.convergeTimeout()) + ": " + convergence.lastBlocker());
        line(out, "objects:    %d exist, %d with an acknowledged or served version, %d never written, "
                + "%d end on an unknown-outcome write; lost %d", check.objectsChecked(), check.objectsPromised(),
                check.neverWritten(), check.finalFromUnknown(), check.lostObjects().size());
        line(out, "replayed:   %d unknown-outcome writes were served by a read (logged before the failure, applied)",
                check.unknownApplied());
        List<Violation> violations = violations();
        line(out, "violations: %d", violations.size());
        violations.stream().limit(50).forEach(v -> line(out, "  %s", v));
        if (violations.size() > 50) {
            line(out, "  ... and %d more", violations.size() - 50);
        }
        line(out, "logs:       %s", settings.dir().resolve("logs"));
        return out.toString();
    }

    private String kinds(Outcome outcome) {
        Map<String, Integer> byKind = check.answers().getOrDefault(outcome, Map.of());
        return byKind.isEmpty() ? "" : byKind.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
