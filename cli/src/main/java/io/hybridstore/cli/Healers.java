package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The healers' {@code GET /status}, each within the timeout. The leader's numbers are the
 * cluster's; when no healer says it leads (an election in progress), a standby's
 * {@code lastLeaderStatus} stands in for them.
 */
final class Healers {
    /** One healer's answer: its status JSON, or why there is none; {@code answered}: it answered at all (an error status too). */
    record Seen(URI url, JsonNode status, String problem, boolean answered) {
        Seen(URI url, JsonNode status, String problem) {
            this(url, status, problem, status != null);
        }

        boolean leader() {
            return status != null && status.path("leader").asBoolean(false);
        }
    }

    private Healers() {
    }

    static List<Seen> poll(Http http, List<URI> healers) {
        List<Seen> seen = new ArrayList<>();
        for (URI url : healers) {
            try {
                Http.Answer answer = http.send(Http.request(url.resolve("/status"), null).GET());
                seen.add(answer.ok() ? new Seen(url, Json.mapper().readTree(answer.body()), null)
                        : new Seen(url, null, url + " answered " + answer.status() + " " + Answers.detail(answer.text()), true));
            } catch (CliFailure e) {
                seen.add(new Seen(url, null, e.getMessage()));
            } catch (java.io.IOException e) {
                seen.add(new Seen(url, null, url + " answered what is not JSON: " + e.getMessage(), true));
            }
        }
        return seen;
    }

    static Optional<Seen> leader(List<Seen> seen) {
        return seen.stream().filter(Seen::leader).findFirst();
    }

    /** The numbers to show: the leader's status, else the newest {@code lastLeaderStatus} a standby holds. */
    static Optional<JsonNode> leaderNumbers(List<Seen> seen) {
        Optional<Seen> leader = leader(seen);
        if (leader.isPresent()) {
            return Optional.of(leader.get().status());
        }
        return seen.stream().filter(s -> s.status() != null).map(s -> s.status().path("lastLeaderStatus"))
                .filter(n -> n.isObject()).findFirst();
    }
}
