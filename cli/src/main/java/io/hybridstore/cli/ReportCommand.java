package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Usage under a prefix: objects and bytes by kind and state, physical bytes, overhead, dedup savings.",
                "GET /report?prefix=, read from the counters the writes keep (no scan).",
                "--recount first rebuilds those counters from the records (POST /admin/report/recount, needs the cluster token): "
                        + "for records written before the counters existed. It reads every record under the prefix, so on "
                        + "millions of objects it takes a while; writes may go on meanwhile."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "PREFIX", defaultValue = "",
            description = "A counted prefix: none (the whole store), or '/'-ending with at most 2 levels (photos/, photos/2026/).")
    String prefix;

    @Option(names = "--recount", description = "Rebuild the prefix's counters from its records first.")
    boolean recount;

    @Option(names = "--recount-time", paramLabel = "DURATION", defaultValue = "30m", converter = ClusterOptions.DurationConverter.class,
            description = "How long the recount may take beyond --timeout (default: ${DEFAULT-VALUE}; ~1 minute per million records).")
    Duration recountTime;

    @Override
    public Integer call() throws IOException {
        Target target = options.target();
        String query = Paths.query("prefix", prefix);
        JsonNode body;
        if (recount) {
            URI uri = URI.create(target.requireGateway() + "/admin/report/recount?" + query);
            Http.Answer answer = options.http().sendUpload(Http.request(uri, target.requireToken())
                    .POST(HttpRequest.BodyPublishers.noBody()), recountTime);
            body = Json.mapper().readTree(Answers.require(answer, "recount " + prefix).body());
        } else {
            URI uri = URI.create(target.requireGateway() + "/report?" + query);
            body = Json.mapper().readTree(Answers.require(options.http().send(Http.request(uri, target.token()).GET()), ("report " + prefix).strip()).body());
        }
        if (options.json) {
            options.printJson(System.out, body);
        } else {
            System.out.print(render(body));
        }
        return ExitCode.OK;
    }

    /** The report as text; after a recount, what it read and corrected first. */
    static String render(JsonNode body) {
        StringBuilder out = new StringBuilder();
        JsonNode report = body;
        if (body.has("report")) {
            out.append(String.format(java.util.Locale.ROOT, "recounted '%s': %,d records read at etcd revision %d, %d correction%s%n",
                    body.path("prefix").asText(), body.path("records").asLong(), body.path("revision").asLong(),
                    body.path("corrections").asInt(), body.path("corrections").asInt() == 1 ? "" : "s"));
            report = body.path("report");
        }
        Table t = new Table("KIND", "STATE", "OBJECTS", "BYTES");
        for (Iterator<Map.Entry<String, JsonNode>> kinds = report.path("objects").fields(); kinds.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = kinds.next();
            for (Iterator<Map.Entry<String, JsonNode>> states = kind.getValue().fields(); states.hasNext(); ) {
                Map.Entry<String, JsonNode> state = states.next();
                long bytes = report.path("logicalBytes").path(kind.getKey()).path(state.getKey()).asLong();
                if (state.getValue().asLong() != 0 || bytes != 0) {
                    t.row(kind.getKey(), state.getKey(), Long.toString(state.getValue().asLong()), Units.bytes(bytes));
                }
            }
        }
        out.append(t.render(true));
        out.append(String.format(java.util.Locale.ROOT, "prefix '%s': %,d objects, %s logical, %s physical", report.path("prefix").asText(),
                report.path("objectsTotal").asLong(), Units.bytes(report.path("logicalTotal").asLong()),
                Units.bytes(report.path("physicalBytes").path("total").asLong())));
        if (report.hasNonNull("overheadRatio")) {
            out.append(String.format(java.util.Locale.ROOT, " (x%.2f)", report.path("overheadRatio").asDouble()));
        }
        if (report.hasNonNull("dedupSavedBytes")) {
            out.append(", dedup saved ").append(Units.bytes(report.path("dedupSavedBytes").asLong()));
        }
        return out.append(System.lineSeparator()).toString();
    }
}
