package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Store a blob or, with --document, a JSON document.",
                "FILE (or stdin, '-') goes up as a blob (PUT /blobs/KEY, streamed in bounded memory, a progress bar on a terminal), or with --document as a JSON document (POST /write; the file holds one JSON object)."})
final class PutCommand implements Callable<Integer> {
    /** The slowest upload the timeout allows for: 1 MiB/s, on top of --timeout. */
    private static final long MIN_BYTES_PER_SECOND = 1 << 20;

    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "KEY", description = "Document key or blob name.")
    String key;

    @Parameters(index = "1", paramLabel = "FILE", defaultValue = "-", description = "What to store; '-' (default) reads stdin.")
    String file;

    @Option(names = {"-d", "--document"}, description = "Store a JSON document (an object) instead of a blob.")
    boolean document;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "The blob's content type (default: guessed from the file name).")
    String contentType;

    /** The {@code --json} shape: the gateway's answer and what was sent. */
    record Stored(String key, String kind, long bytes, String version, String state, JsonNode answer) {
    }

    @Override
    public Integer call() throws IOException {
        Target target = options.target();
        Stored stored = document ? putDocument(target) : putBlob(target);
        if (options.json) {
            options.printJson(System.out, stored);
        } else {
            System.out.println("stored " + stored.kind() + " " + key + ": " + Units.bytes(stored.bytes()) + ", version " + stored.version()
                    + ", " + stored.state());
        }
        return ExitCode.OK;
    }

    private Stored putDocument(Target target) throws IOException {
        byte[] raw = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        String text = new String(raw, StandardCharsets.UTF_8);
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "not JSON: " + e.getMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw new CliFailure(ExitCode.USAGE, "a document is one JSON object");
        }
        // The text as given, not re-serialized: 1.10 stays 1.10, as the gateway keeps it.
        String body = "{\"key\":" + Json.mapper().writeValueAsString(key) + ",\"value\":" + text.strip() + "}";
        Http.Answer answer = Answers.require(options.http().send(Http.request(target.requireGateway().resolve("/write"), null)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))), "put " + key);
        JsonNode a = Json.mapper().readTree(answer.body());
        return new Stored(key, "document", raw.length, a.path("version").asText(), a.path("state").asText(), a);
    }

    private Stored putBlob(Target target) throws IOException {
        boolean stdin = file.equals("-");
        Path path = stdin ? null : Path.of(file);
        if (!stdin && !Files.isRegularFile(path)) {
            throw CliFailure.notFound("no file " + file);
        }
        long size = stdin ? -1 : Files.size(path);
        String type = contentType != null ? contentType : stdin ? null : Files.probeContentType(path);
        TransferProgress progress = new TransferProgress(System.err, Terminal.stderr() && !options.json, "put " + key, size,
                System::currentTimeMillis);
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> progress.wrap(open(path)));
        HttpRequest.BodyPublisher body = size >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, size) : stream;
        Duration transfer = size >= 0 ? Duration.ofSeconds(size / MIN_BYTES_PER_SECOND + 1) : Duration.ofHours(1);
        Http.Answer answer = options.http().sendUpload(Http.request(Paths.under(target.requireGateway(), "/blobs/", key), null)
                .header("Content-Type", type != null ? type : "application/octet-stream").PUT(body), transfer);
        progress.finish();
        JsonNode a = Json.mapper().readTree(Answers.require(answer, "put " + key).body());
        return new Stored(key, "blob", progress.done(), a.path("version").asText(), a.path("state").asText(), a);
    }

    private static InputStream open(Path path) {
        try {
            return path == null ? System.in : Files.newInputStream(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
