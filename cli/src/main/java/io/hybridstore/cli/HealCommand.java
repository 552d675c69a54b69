package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "heal", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Ask the healer leader to repair one key now.",
                "POST /admin/heal/KEY on the leader (found through each healer's GET /status; needs the cluster token): it audits the key's copies and repairs what is missing or corrupt. Exits 0 when the object is then at full redundancy, 1 when it is still degraded or lost, 3 when there is no such key."})
final class HealCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "KEY", description = "Document key or blob name.")
    String key;

    /** The {@code --json} shape: the leader's answer. */
    record Healed(String key, String healer, String healerUrl, String condition, String state) {
    }

    @Override
    public Integer call() throws java.io.IOException {
        Target target = options.target();
        String token = target.requireToken();
        List<Healers.Seen> seen = Healers.poll(options.http(), target.requireHealers());
        List<String> problems = seen.stream().map(Healers.Seen::problem).filter(java.util.Objects::nonNull).toList();
        // A healer that answered with an error is no unreachable cluster: its words are the failure.
        Healers.Seen leader = Healers.leader(seen).orElseThrow(() -> seen.stream().noneMatch(Healers.Seen::answered)
                ? CliFailure.unreachable("no healer answers: " + problems)
                : CliFailure.failed("no healer leads right now (an election in progress?); try again in a few seconds"
                        + (problems.isEmpty() ? "" : ": " + problems)));
        URI url = Paths.under(leader.url(), "/admin/heal/", key);
        Http.Answer answer = options.http().send(Http.request(url, token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        if (answer.status() == 409) {
            throw CliFailure.failed(leader.url() + " no longer leads; try again");
        }
        JsonNode body = Json.mapper().readTree(Answers.require(answer, "heal " + key).body());
        Healed healed = new Healed(key, body.path("healerId").asText(), leader.url().toString(), body.path("condition").asText(),
                body.path("state").asText(null));
        if (options.json) {
            options.printJson(System.out, healed);
        } else {
            System.out.println(key + ": " + healed.condition() + " (state " + healed.state() + "), healed by " + healed.healer()
                    + " at " + healed.healerUrl());
        }
        return "HEALTHY".equals(healed.condition()) ? ExitCode.OK : ExitCode.FAILED;
    }
}
