package io.hybridstore.cli;

import io.hybridstore.common.model.ModelJson;
import io.hybridstore.common.repair.CopyInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Every copy of one object: node, chunk, present, checksum OK.",
                "Part (hot, cold, stripe-N), index, node, chunk id, present, checksum OK, as each node finds it now: the gateway (GET /admin/inspect/KEY, needs the cluster token) verifies each copy on its node. Exits 1 when a copy is missing, corrupt or unknown."})
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "KEY", description = "Document key or blob name.")
    String key;

    @Override
    public Integer call() {
        Target target = options.target();
        Http.Answer answer = Answers.require(options.http().send(
                Http.request(Paths.under(target.requireGateway(), "/admin/inspect/", key), target.requireToken()).GET()), "inspect " + key);
        CopyInspector.Inspection found = ModelJson.fromBytes(answer.body(), CopyInspector.Inspection.class);
        if (options.json) {
            options.printJson(System.out, found);
        } else {
            System.out.print(render(found));
        }
        return found.summary().healthy() == found.summary().copies() ? ExitCode.OK : ExitCode.FAILED;
    }

    static String render(CopyInspector.Inspection found) {
        Table t = new Table("PART", "INDEX", "NODE", "CHUNK", "PRESENT", "CHECKSUM", "NOTE");
        for (CopyInspector.Copy c : found.copies()) {
            t.row(c.part(), c.index(), c.nodeId().isEmpty() ? "(unplaced)" : c.nodeId(), shortId(c.chunkId()), yesNo(c.present()),
                    c.checksumOk() == null ? "-" : c.checksumOk() ? "ok" : "BAD", c.detail() == null ? "" : c.detail());
        }
        CopyInspector.Summary s = found.summary();
        return found.key() + "  " + found.kind() + "  " + found.state() + "  version " + found.version() + "\n" + t.render(true)
                + s.healthy() + " of " + s.copies() + " copies healthy, " + s.missing() + " missing, " + s.corrupt() + " corrupt, "
                + s.unknown() + " unknown\n";
    }

    private static String yesNo(Boolean b) {
        return b == null ? "unknown" : b ? "yes" : "NO";
    }

    /** {@code h-0123456789ab…} keeps the table readable; {@code --json} has the whole id. */
    static String shortId(String id) {
        if (id.startsWith("h-") && id.length() > 16) {
            return id.substring(0, 14) + "…";
        }
        if (id.startsWith("c-") && id.length() > 30) {
            return id.substring(0, 14) + "…" + id.substring(id.length() - 8);
        }
        return id;
    }
}
