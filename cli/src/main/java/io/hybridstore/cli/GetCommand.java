package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
        description = {"Fetch a document or a blob.",
                "A document (GET /read/KEY) or a blob (GET /blobs/KEY, streamed, a progress bar on a terminal), to stdout or -o FILE. A blob whose transfer breaks leaves no FILE behind and exits 1."})
final class GetCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions options;

    @Parameters(index = "0", paramLabel = "KEY", description = "Document key or blob name.")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    /** The {@code --json} shape; {@code value} is the document (documents only, and only without -o). */
    record Fetched(String key, String kind, long bytes, String etag, String output, JsonNode value) {
    }

    @Override
    public Integer call() throws IOException {
        Target target = options.target();
        Http.Answer doc = options.http().send(Http.request(Paths.under(target.requireGateway(), "/read/", key), null).GET());
        Fetched fetched;
        if (Answers.kindMismatch(doc)) {
            fetched = blob(target);
        } else {
            Answers.require(doc, "get " + key);
            if (output != null) {
                Files.write(output, doc.body());
            } else if (!options.json) {
                System.out.write(doc.body());
                System.out.println();
            }
            fetched = new Fetched(key, "document", doc.body().length, doc.response().headers().firstValue("ETag").orElse(null),
                    output == null ? null : output.toString(), output == null ? Json.mapper().readTree(doc.body()) : null);
        }
        if (options.json) {
            options.printJson(System.out, fetched);
        } else if (output != null) {
            System.out.println("wrote " + fetched.kind() + " " + key + " to " + output + " (" + Units.bytes(fetched.bytes()) + ")");
        }
        return ExitCode.OK;
    }

    private Fetched blob(Target target) throws IOException {
        if (output == null && options.json) {
            throw new CliFailure(ExitCode.USAGE, key + " is a blob: with --json, name a file with -o");
        }
        HttpResponse<InputStream> r = options.http().stream(Http.request(Paths.under(target.requireGateway(), "/blobs/", key), null).GET());
        if (r.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw Answers.failure(r.statusCode(), "get " + key, body);
        }
        long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        TransferProgress progress = new TransferProgress(System.err, Terminal.stderr() && !options.json, "get " + key, size,
                System::currentTimeMillis);
        // Into a temporary file beside the target, moved into place only when every byte came: a broken
        // transfer (the gateway cuts it when a stripe cannot be read) never leaves a short file behind.
        Path partial = output == null ? null : Files.createTempFile(output.toAbsolutePath().getParent(), ".hybridstore-", ".part");
        InputStream body = r.body();
        try (StallGuard guard = new StallGuard(options.timeout, progress::done, body);
             InputStream in = progress.wrap(body);
             OutputStream out = partial == null ? System.out : Files.newOutputStream(partial)) {
            try {
                in.transferTo(out);
            } catch (IOException e) {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
                throw CliFailure.failed("get " + key + ": the transfer broke after " + Units.bytes(progress.done()) + ": "
                        + (guard.stalled() ? "no byte for " + Http.seconds(options.timeout) : e.getMessage()));
            }
        }
        progress.finish();
        if (size >= 0 && progress.done() != size) {
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
            throw CliFailure.failed("get " + key + ": " + progress.done() + " of " + size + " bytes came");
        }
        if (partial != null) {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Fetched(key, "blob", progress.done(), r.headers().firstValue("ETag").orElse(null),
                output == null ? null : output.toString(), null);
    }
}
