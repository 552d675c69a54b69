package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The catalogue's operator commands, {@code report} (and {@code --recount}) and {@code index} (and
 * {@code --rebuild}), against a stand-in gateway on loopback (the JDK's HTTP server).
 */
class ReportCommandTest {
    private static final String REPORT = "{\"prefix\":\"photos/\",\"objects\":{\"document\":{\"clean\":3,\"dirty\":0},"
            + "\"blob\":{\"clean\":1}},\"logicalBytes\":{\"document\":{\"clean\":3072,\"dirty\":0},\"blob\":{\"clean\":1048576}},"
            + "\"physicalBytes\":{\"document\":9216,\"blob\":1572864,\"total\":1582080},\"objectsTotal\":4,\"logicalTotal\":1051648,"
            + "\"overheadRatio\":1.504,\"dedupSavedBytes\":null}";
    private static final String COMPARED = "{\"records\":1200,\"entries\":4810,\"missing\":1,\"orphans\":2,\"retired\":1,"
            + "\"repaired\":0,\"samples\":[\"missing tag/red/k1\",\"orphan kind/document/gone\",\"orphan state/clean/k2\"]}";
    private static final String REBUILT = COMPARED.replace("\"repaired\":0", "\"repaired\":3");
    /** Each request as "METHOD path?query authorization". */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String gateway() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            String body = switch (ex.getRequestURI().getPath()) {
                case "/admin/report/recount" ->
                        "{\"prefix\":\"photos/\",\"revision\":812,\"records\":1200000,\"corrections\":2,\"report\":" + REPORT + "}";
                case "/admin/index" -> COMPARED;
                case "/admin/index/rebuild" -> REBUILT;
                default -> REPORT;
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String run(String... args) {
        return run(ExitCode.OK, args);
    }

    private static String run(int exitCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = HybridstoreCli.commandLine();
            cli.setErr(new PrintWriter(new StringWriter(), true));
            assertEquals(exitCode, cli.execute(args));
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReportReadsTheCountersAndPrintsTheNonZeroRows() throws Exception {
        String text = run("report", "photos/", "--gateway", gateway());
        assertEquals(List.of("GET /report?prefix=photos%2F null"), seen);
        assertTrue(text.contains("document") && text.contains("3.0 KiB") && text.contains("1.0 MiB"), text);
        assertTrue(!text.contains("dirty"), "a zero row is left out: " + text);
        assertTrue(text.contains("prefix 'photos/': 4 objects") && text.contains("(x1.50)"), text);
    }

    @Test
    void aRecountPostsWithTheTokenAndSaysWhatItRead() throws Exception {
        String text = run("report", "photos/", "--recount", "--token", "t0k", "--gateway", gateway());
        assertEquals(List.of("POST /admin/report/recount?prefix=photos%2F Bearer t0k"), seen);
        assertTrue(text.startsWith("recounted 'photos/': 1,200,000 records read at etcd revision 812, 2 corrections"), text);
        assertTrue(text.contains("prefix 'photos/': 4 objects"), text);
    }

    @Test
    void jsonIsTheGatewaysAnswer() throws Exception {
        String json = run("report", "--json", "--gateway", gateway());
        assertEquals(List.of("GET /report?prefix= null"), seen);
        assertEquals(Json.mapper().readTree(REPORT), Json.mapper().readTree(json));
    }

    /** Differences found: exit 5, as {@code status} exits when degraded, so a script can tell. */
    @Test
    void anIndexCompareWithTheTokenPrintsTheDifferencesAndExitsFive() throws Exception {
        String text = run(ExitCode.DEGRADED, "index", "--token", "t0k", "--gateway", gateway());
        assertEquals(List.of("GET /admin/index Bearer t0k"), seen);
        assertTrue(text.startsWith("1,200 records, 4,810 index entries: 1 missing, 2 orphans (1 of them retired)\n"), text);
        assertTrue(text.contains("  missing tag/red/k1") && text.contains("  orphan state/clean/k2"), text);
        assertTrue(!text.contains("repaired"), text);
    }

    @Test
    void anIndexRebuildPostsAndSaysWhatItRepaired() throws Exception {
        String text = run("index", "--rebuild", "--token", "t0k", "--gateway", gateway());
        assertEquals(List.of("POST /admin/index/rebuild Bearer t0k"), seen);
        assertTrue(text.contains("2 orphans (1 of them retired); 3 repaired"), text);
        assertEquals(Json.mapper().readTree(REBUILT), Json.mapper().readTree(run("index", "--rebuild", "--json", "--token", "t0k",
                "--gateway", gateway())));
    }
}
