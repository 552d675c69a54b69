package io.hybridstore.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the {@link WriteChecker} found.
 *
 * @param answers          attempts counted by outcome, then by answer kind ("200", "503", "refused", ...)
 * @param objectsChecked   keys that exist after convergence
 * @param objectsPromised  keys with a version acknowledged or served during the run
 * @param neverWritten     keys with no acknowledged write that (rightly) do not exist
 * @param unknownApplied   unknown-outcome attempts a read served (their WAL append had succeeded)
 * @param finalFromUnknown keys whose final document is an unknown-outcome attempt
 * @param lostObjects      keys with a {@link Violation.Kind#LOST} violation
 */
public record CheckResult(Map<Outcome, Map<String, Integer>> answers, int objectsChecked, int objectsPromised,
                          int neverWritten, int unknownApplied, int finalFromUnknown, Set<String> lostObjects,
                          List<Violation> violations) {

    public int count(Outcome outcome) {
        return answers.getOrDefault(outcome, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    static final class Builder {
        private final Map<Outcome, Map<String, Integer>> answers = new TreeMap<>();
        private final List<Violation> violations = new ArrayList<>();
        private final Set<String> lost = new TreeSet<>();
        private int checked;
        private int promised;
        private int neverWritten;
        private int unknownApplied;
        private int finalFromUnknown;

        void attempt(Attempt a) {
            answers.computeIfAbsent(a.outcome(), o -> new TreeMap<>()).merge(a.kind(), 1, Integer::sum);
        }

        void settled(boolean exists, boolean withPromise) {
            checked += exists ? 1 : 0;
            promised += withPromise ? 1 : 0;
            neverWritten += !exists && !withPromise ? 1 : 0;
        }

        void unknownApplied() {
            unknownApplied++;
        }

        void finalFromUnknown() {
            finalFromUnknown++;
        }

        void violation(Violation v) {
            violations.add(v);
            if (v.kind() == Violation.Kind.LOST) {
                lost.add(v.key());
            }
        }

        CheckResult build() {
            return new CheckResult(answers, checked, promised, neverWritten, unknownApplied, finalFromUnknown, lost, violations);
        }
    }
}
