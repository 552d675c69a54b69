package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hybridstore keys create|list|revoke}: the access keys of S3 and the JSON API, through the
 * gateway's {@code /admin/access-keys} (which needs the cluster token). The secret is printed once,
 * by {@code create}: the gateway never shows it again.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Create, list and revoke access keys (S3 clients and the JSON API sign with them).",
                "Through the gateway's /admin/access-keys; needs the cluster token. Every subcommand takes --json and --timeout."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which one? create, list or revoke");
    }

    /** One key as the gateway lists it; {@code secret} only in the answer to create. */
    record Key(String id, String owner, long createdAt, String secret) {
        static Key of(JsonNode n) {
            return new Key(n.path("id").asText(), n.path("owner").asText(), n.path("createdAt").asLong(),
                    n.hasNonNull("secret") ? n.get("secret").asText() : null);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
            description = {"Create an access key and print its id and secret.",
                    "The secret is shown this once: keep it (the gateway stores it for SigV4, and never answers it again)."})
    static final class Create implements Callable<Integer> {
        @Mixin
        ClusterOptions options;

        @Option(names = "--owner", paramLabel = "OWNER", description = "Who the key acts as: buckets it creates belong to this owner"
                + " (default: the gateway's, admin).")
        String owner;

        @Override
        public Integer call() throws IOException {
            Target target = options.target();
            String body = owner == null ? "" : Json.line(Map.of("owner", owner));
            Http.Answer answer = options.http().send(Http.request(Paths.under(target.requireGateway(), "/admin/access-keys", ""),
                    target.requireToken()).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            Key key = Key.of(Json.mapper().readTree(Answers.require(answer, "keys create").body()));
            if (options.json) {
                options.printJson(System.out, key);
            } else {
                System.out.println("id      " + key.id());
                System.out.println("secret  " + key.secret());
                System.out.println("owner   " + key.owner());
                System.out.println("The secret is shown this once. For aws-cli: AWS_ACCESS_KEY_ID=" + key.id()
                        + " AWS_SECRET_ACCESS_KEY=<the secret>");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
            description = {"List the access keys: id, owner, created (never a secret)."})
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ClusterOptions options;

        @Override
        public Integer call() throws IOException {
            Target target = options.target();
            Http.Answer answer = options.http().send(Http.request(Paths.under(target.requireGateway(), "/admin/access-keys", ""),
                    target.requireToken()).GET());
            List<Key> keys = new ArrayList<>();
            Json.mapper().readTree(Answers.require(answer, "keys list").body()).forEach(n -> keys.add(Key.of(n)));
            if (options.json) {
                options.printJson(System.out, keys);
            } else {
                Table table = new Table("ID", "OWNER", "CREATED");
                keys.forEach(k -> table.row(k.id(), k.owner(), Instant.ofEpochMilli(k.createdAt())));
                System.out.print(table.render(true));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
            description = {"Revoke an access key: it stops working at once on that gateway, on the others within their key cache"
                    + " (GATEWAY_AUTH_KEY_CACHE). Exits 3 when there is no such key."})
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ClusterOptions options;

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id.")
        String id;

        record Revoked(String id) {
        }

        @Override
        public Integer call() {
            Target target = options.target();
            Http.Answer answer = options.http().send(Http.request(Paths.under(target.requireGateway(), "/admin/access-keys/", id),
                    target.requireToken()).DELETE());
            Answers.require(answer, "keys revoke " + id);
            if (options.json) {
                options.printJson(System.out, new Revoked(id));
            } else {
                System.out.println("revoked " + id);
            }
            return ExitCode.OK;
        }
    }
}
