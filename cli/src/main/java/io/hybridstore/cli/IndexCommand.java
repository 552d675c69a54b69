package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "index", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Compare the catalogue's indexes with the records (GET /admin/index, needs the cluster token): entries a "
                + "record implies that are absent (missing), entries no record implies (orphans), the first 20 of them. "
                + "Exit 5 when any differ. It reads every record and entry, so on millions of objects it takes a while; "
                + "a write during it may show as a passing difference: run it again.",
                "--rebuild also mends them (POST /admin/index/rebuild), each fix guarded on the record it was computed from."})
final class IndexCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Option(names = "--rebuild", description = "Put the missing entries and delete the orphans.")
    boolean rebuild;

    @Option(names = "--audit-time", paramLabel = "DURATION", defaultValue = "30m", converter = ClusterOptions.DurationConverter.class,
            description = "How long the compare may take beyond --timeout (default: ${DEFAULT-VALUE}; ~1 minute per million records).")
    Duration auditTime;

    @Override
    public Integer call() throws IOException {
        Target target = options.target();
        URI uri = URI.create(target.requireGateway() + (rebuild ? "/admin/index/rebuild" : "/admin/index"));
        HttpRequest.Builder request = Http.request(uri, target.requireToken());
        Http.Answer answer = options.http().sendUpload(rebuild ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET(),
                auditTime);
        JsonNode report = Json.mapper().readTree(Answers.require(answer, rebuild ? "rebuild the indexes" : "compare the indexes").body());
        if (options.json) {
            options.printJson(System.out, report);
        } else {
            System.out.print(render(report, rebuild));
        }
        return !rebuild && report.path("missing").asLong() + report.path("orphans").asLong() > 0 ? ExitCode.DEGRADED : ExitCode.OK;
    }

    /** The report as text: what was read, what differed, what was mended, and the first differences. */
    static String render(JsonNode report, boolean rebuilt) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%,d records, %,d index entries: %,d missing, %,d orphans (%,d of them retired)%s%n",
                report.path("records").asLong(), report.path("entries").asLong(), report.path("missing").asLong(),
                report.path("orphans").asLong(), report.path("retired").asLong(),
                rebuilt ? String.format(Locale.ROOT, "; %,d repaired", report.path("repaired").asLong()) : ""));
        report.path("samples").forEach(sample -> out.append("  ").append(sample.asText()).append(System.lineSeparator()));
        return out.toString();
    }
}
