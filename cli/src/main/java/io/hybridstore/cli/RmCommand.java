package io.hybridstore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Delete a document or a blob.",
                "DELETE /objects/KEY, or DELETE /blobs/KEY for a blob. Exits 3 when there is no such key."})
final class RmCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "KEY", description = "Document key or blob name.")
    String key;

    record Removed(String key, String kind) {
    }

    @Override
    public Integer call() {
        Target target = options.target();
        Http.Answer answer = options.http().send(Http.request(Paths.under(target.requireGateway(), "/objects/", key), null).DELETE());
        String kind = "document";
        if (Answers.kindMismatch(answer)) {
            kind = "blob";
            answer = options.http().send(Http.request(Paths.under(target.requireGateway(), "/blobs/", key), null).DELETE());
        }
        Answers.require(answer, "rm " + key);
        if (options.json) {
            options.printJson(System.out, new Removed(key, kind));
        } else {
            System.out.println("deleted " + kind + " " + key);
        }
        return ExitCode.OK;
    }
}
