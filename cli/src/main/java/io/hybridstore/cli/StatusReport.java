package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.model.NodeInfo;
import java.util.List;
import java.util.Optional;

/**
 * What {@code hybridstore status} says, built from facts (live nodes, expected ids, the healers'
 * answers) without I/O. Its record shape is the {@code --json} output (docs/operations.md).
 *
 * <p>Redundancy is {@code degraded} when an expected node is dead or the healer leader counts
 * degraded or lost objects; {@code full} when neither; {@code unknown} when no healer answered.
 * The object counts are the leader's last complete scan cycle, so right after a node dies they may
 * still read 0 degraded: the dead node is what says so then.
 */
record StatusReport(String target, Nodes nodes, Healer healer, Objects objects, Repairs repairs, LastPass lastPass,
                    String redundancy) {

    /** {@code dead}: expected ids without a live lease; {@code expected} 0 when the expected set is unknown. */
    record Nodes(int live, int dead, int expected, List<String> deadIds) {
    }

    /** {@code leader}: the healer id that leads (null when none says so), {@code answering} of {@code configured}. */
    record Healer(String leader, String leaderUrl, int answering, int configured) {
    }

    /** The leader's counts: objects by condition in its last complete cycle; the current cycle's progress. */
    record Objects(long healthy, long degraded, long lost, long scanned, long total) {
    }

    record Repairs(long done, long failed, long bytes) {
    }

    /** The leader's last pass: when it ended (ISO-8601, null before the first), how long it took, passes so far. */
    record LastPass(String at, long millis, long passes) {
    }

    static StatusReport of(String target, List<String> expected, List<NodeInfo> live, List<Healers.Seen> healers) {
        List<String> deadIds = EtcdNodes.dead(expected, live);
        Nodes nodes = new Nodes(live.size(), deadIds.size(), expected.size(), deadIds);
        Optional<Healers.Seen> leader = Healers.leader(healers);
        int answering = (int) healers.stream().filter(s -> s.status() != null).count();
        Healer healer = new Healer(leader.map(s -> s.status().path("healerId").asText(null)).orElse(null),
                leader.map(s -> s.url().toString()).orElse(null), answering, healers.size());
        Optional<JsonNode> numbers = Healers.leaderNumbers(healers);
        Objects objects = numbers.map(n -> new Objects(n.path("objects").path("healthy").asLong(), n.path("objects").path("degraded").asLong(),
                n.path("objects").path("lost").asLong(), n.path("pass").path("scanned").asLong(), n.path("pass").path("total").asLong()))
                .orElse(null);
        Repairs repairs = numbers.map(n -> new Repairs(n.path("repairs").path("done").asLong(), n.path("repairs").path("failed").asLong(),
                n.path("repairs").path("bytes").asLong())).orElse(null);
        LastPass last = numbers.map(n -> new LastPass(n.path("lastPassAt").isTextual() ? n.path("lastPassAt").asText() : null,
                n.path("lastPassMillis").asLong(), n.path("pass").path("number").asLong())).orElse(null);
        String redundancy = !deadIds.isEmpty() || objects != null && objects.degraded() + objects.lost() > 0 ? "degraded"
                : objects == null ? "unknown" : "full";
        return new StatusReport(target, nodes, healer, objects, repairs, last, redundancy);
    }

    int exitCode() {
        return switch (redundancy) {
            case "full" -> ExitCode.OK;
            case "degraded" -> ExitCode.DEGRADED;
            default -> ExitCode.UNREACHABLE; // no healer answered: redundancy cannot be told
        };
    }

    /** The summary table. */
    String render() {
        Table t = new Table("", "");
        String nodeLine = nodes.live() + " live, " + nodes.dead() + " dead"
                + (nodes.deadIds().isEmpty() ? "" : " (" + String.join(", ", nodes.deadIds()) + ")")
                + (nodes.expected() == 0 ? " (expected set unknown: set HYBRIDSTORE_NODES)" : " of " + nodes.expected());
        t.row("nodes", nodeLine);
        t.row("healer leader", healer.leader() == null ? "none (" + healer.answering() + " of " + healer.configured() + " healers answer)"
                : healer.leader() + " at " + healer.leaderUrl() + " (" + healer.answering() + " of " + healer.configured() + " answer)");
        if (objects != null) {
            t.row("objects", objects.healthy() + " clean, " + objects.degraded() + " degraded, " + objects.lost() + " lost (last complete scan)");
            t.row("scan", objects.scanned() + " of " + (objects.total() == 0 ? "?" : Long.toString(objects.total())) + " in this cycle");
            t.row("repairs", repairs.done() + " copies made (" + Units.bytes(repairs.bytes()) + "), " + repairs.failed() + " failed");
            t.row("last pass", lastPass.at() == null ? "none yet" : lastPass.at() + " (" + lastPass.millis() + " ms)");
        }
        t.row("redundancy", redundancy.toUpperCase(java.util.Locale.ROOT));
        return t.render(false);
    }
}
