package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Parsing, --help on every command, and which failure exits with which code. */
class CommandLineTest {

    private static final List<String> COMMANDS = List.of("status", "nodes", "watch", "inspect", "heal", "put", "get", "ls", "rm",
            "kill-node", "start-node", "keys", "report", "index");
    /** Commands of their own under one that groups them. */
    private static final List<List<String>> NESTED = List.of(List.of("keys", "create"), List.of("keys", "list"),
            List.of("keys", "revoke"));

    record Run(int code, String out, String err) {
    }

    /** Runs the command line in this JVM, capturing stdout and stderr (KeysCommandTest uses it too). */
    static Run run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = HybridstoreCli.commandLine();
            cli.setOut(new PrintWriter(System.out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void everyCommandHasHelpWithTheExitCodesAndJson() {
        for (String command : COMMANDS) {
            Run r = run(command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().contains("Exit codes: 0 ok; 1 operation failed; 2 usage; 3 not found; 4 cluster"), command + ":\n" + r.out());
            assertTrue(r.out().contains("--json"), command);
            assertTrue(r.out().contains("--timeout"), command);
        }
        for (List<String> nested : NESTED) {
            Run r = run(nested.get(0), nested.get(1), "--help");
            assertEquals(0, r.code(), nested.toString());
            assertTrue(r.out().contains("Exit codes: 0 ok;") && r.out().contains("--json") && r.out().contains("--timeout"), r.out());
        }
        Run top = run("--help");
        assertEquals(0, top.code());
        COMMANDS.forEach(c -> assertTrue(top.out().contains(c), c));
        assertEquals(COMMANDS.size(), HybridstoreCli.commandLine().getSubcommands().size(), "every command is tested here");
    }

    @Test
    void badCommandLinesExitTwo() {
        assertEquals(ExitCode.USAGE, run("bogus").code());
        assertEquals(ExitCode.USAGE, run().code(), "no command");
        assertEquals(ExitCode.USAGE, run("inspect").code(), "KEY missing");
        assertEquals(ExitCode.USAGE, run("status", "--no-such-flag").code());
        assertEquals(ExitCode.USAGE, run("status", "--timeout", "soon").code());
        assertEquals(ExitCode.USAGE, run("watch", "--interval", "5s", "--gateway", "http://127.0.0.1:1").code(), "refreshes at most 1 s apart");
    }

    @Test
    void optionsParseIntoTheirFields() {
        CommandLine cli = HybridstoreCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("put", "--document", "--timeout", "750ms", "--json", "user:1", "doc.json");
        PutCommand put = (PutCommand) parsed.subcommand().commandSpec().userObject();
        assertTrue(put.document);
        assertTrue(put.options.json);
        assertEquals(750, put.options.timeout.toMillis());
        assertEquals("user:1", put.key);
        assertEquals("doc.json", put.file);
        PutCommand stdin = (PutCommand) HybridstoreCli.commandLine().parseArgs("put", "k").subcommand().commandSpec().userObject();
        assertEquals("-", stdin.file, "no FILE reads stdin");
    }

    @Test
    void aClusterThatDoesNotAnswerExitsFourAndSaysSoInJson() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens once it is closed
        }
        String url = "http://127.0.0.1:" + closed;
        Run text = run("status", "--gateway", url, "--healers", url, "--etcd", url, "--timeout", "2s");
        assertEquals(ExitCode.UNREACHABLE, text.code(), text.out() + text.err());
        assertTrue(text.err().startsWith("hybridstore status: "), text.err());

        Run json = run("get", "some-key", "--gateway", url, "--json", "--timeout", "2s");
        assertEquals(ExitCode.UNREACHABLE, json.code());
        var error = Json.mapper().readTree(json.out()).get("error");
        assertEquals(4, error.get("exitCode").asInt());
        assertTrue(error.get("message").asText().contains("does not answer"), error.toString());
    }

    @Test
    void answersMapToExitCodesWithTheServersWords() {
        String problem = "{\"type\":\"urn:hybridstore:problem:not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no object k\"}";
        CliFailure missing = Answers.failure(404, "get k", problem);
        assertEquals(ExitCode.NOT_FOUND, missing.exitCode());
        assertEquals("get k: 404 no object k", missing.getMessage());
        assertEquals(ExitCode.FAILED, Answers.failure(500, "put k", "boom").exitCode());
        assertEquals(ExitCode.FAILED, Answers.failure(503, "put k", "").exitCode());
        assertEquals(ExitCode.FAILED, Answers.failure(401, "inspect k", "{\"title\":\"Unauthorized\"}").exitCode());
    }

    @Test
    void keysArePercentEncodedOnceAsUtf8() {
        URI base = URI.create("http://127.0.0.1:8080");
        assertEquals("http://127.0.0.1:8080/blobs/photos/a%20b%3F.jpg", Paths.under(base, "/blobs/", "photos/a b?.jpg").toString());
        assertEquals("http://127.0.0.1:8080/read/user%3A1", Paths.under(base, "/read/", "user:1").toString());
        URI cafe = Paths.under(base, "/read/", "café;v=1%41/");
        assertEquals("http://127.0.0.1:8080/read/caf%C3%A9%3Bv%3D1%2541/", cafe.toString());
        assertEquals("/read/caf%C3%A9%3Bv%3D1%2541/", cafe.getRawPath(), "sent as built: java.net.URI encodes nothing again");
        assertEquals("http://127.0.0.1:8080/read/a%2F..%2Fb", Paths.under(base, "/read/", "a/../b").toString(), "no dot segment to resolve");
    }
}
