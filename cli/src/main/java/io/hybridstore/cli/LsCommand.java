package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"List keys under a prefix.",
                "GET /objects?prefix=&after=&limit=, page after page, in key order. A gateway without the listing (it comes with issue 15) is said so plainly, exit 1."})
final class LsCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "PREFIX", defaultValue = "", description = "Key prefix (default: every key).")
    String prefix;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many keys (default: ${DEFAULT-VALUE}).")
    int limit;

    /** One listed object: whatever of these the gateway gives. */
    record Item(String key, String kind, Long size, String state, String modified) {
    }

    record Listing(String prefix, List<Item> items, String next) {
    }

    @Override
    public Integer call() throws java.io.IOException {
        Target target = options.target();
        List<Item> items = new ArrayList<>();
        String after = null;
        while (items.size() < limit) {
            int page = Math.min(1000, limit - items.size());
            URI uri = URI.create(target.requireGateway() + "/objects?" + Paths.query("prefix", prefix) + "&" + Paths.query("limit", "" + page)
                    + (after == null ? "" : "&" + Paths.query("after", after)));
            Http.Answer answer = options.http().send(Http.request(uri, target.token()).GET());
            if (answer.status() == 404 || answer.status() == 405) {
                throw CliFailure.failed("this gateway has no listing (GET /objects answered " + answer.status()
                        + "): it comes with issue 15; look keys up one by one with get or inspect");
            }
            JsonNode body = Json.mapper().readTree(Answers.require(answer, ("ls " + prefix).strip()).body());
            List<Item> got = items(body);
            items.addAll(got);
            after = next(body);
            if (after == null || got.isEmpty()) {
                break;
            }
        }
        Listing listing = new Listing(prefix, items, after);
        if (options.json) {
            options.printJson(System.out, listing);
        } else {
            Table t = new Table("KEY", "KIND", "SIZE", "STATE", "MODIFIED");
            items.forEach(i -> t.row(i.key(), i.kind(), i.size() == null ? null : Units.bytes(i.size()), i.state(), i.modified()));
            System.out.print(t.render(true));
            System.out.println(items.size() + " keys" + (after != null ? " (more: --limit)" : ""));
        }
        return ExitCode.OK;
    }

    /** The page's items: an array under {@code items}, {@code objects} or {@code keys}, of objects or plain keys. */
    static List<Item> items(JsonNode body) {
        JsonNode array = body.isArray() ? body : first(body, "items", "objects", "keys");
        List<Item> items = new ArrayList<>();
        if (array == null) {
            return items;
        }
        for (JsonNode n : array) {
            if (n.isTextual()) {
                items.add(new Item(n.asText(), null, null, null, null));
            } else {
                JsonNode size = first(n, "size", "bytes");
                JsonNode modified = first(n, "modified", "modifiedAt", "updatedAt");
                items.add(new Item(n.path("key").asText(), text(first(n, "kind")), size == null ? null : size.asLong(),
                        text(first(n, "state")), text(modified)));
            }
        }
        return items;
    }

    /** The cursor of the next page, or null on the last. */
    static String next(JsonNode body) {
        return text(body.isObject() ? first(body, "next", "nextAfter", "cursor") : null);
    }

    private static JsonNode first(JsonNode n, String... names) {
        for (String name : names) {
            if (n.hasNonNull(name)) {
                return n.get(name);
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
