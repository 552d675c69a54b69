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

/** {@code report} and {@code report --recount} against a stand-in gateway on loopback (the JDK's HTTP server). */
class ReportCommandTest {
    private static final String REPORT = "{\"prefix\":\"photos/\",\"objects\":{\"document\":{\"clean\":3,\"dirty\":0},"
            + "\"blob\":{\"clean\":1}},\"logicalBytes\":{\"document\":{\"clean\":3072,\"dirty\":0},\"blob\":{\"clean\":1048576}},"
            + "\"physicalBytes\":{\"document\":9216,\"blob\":1572864,\"total\":1582080},\"objectsTotal\":4,\"logicalTotal\":1051648,"
            + "\"overheadRatio\":1.504,\"dedupSavedBytes\":null}";
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
            String body = ex.getRequestURI().getPath().equals("/admin/report/recount")
                    ? "{\"prefix\":\"photos/\",\"revision\":812,\"records\":1200000,\"corrections\":2,\"report\":" + REPORT + "}"
                    : REPORT;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = HybridstoreCli.commandLine();
            cli.setErr(new PrintWriter(new StringWriter(), true));
            assertEquals(ExitCode.OK, cli.execute(args));
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
}
