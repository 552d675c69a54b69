package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code get} of a blob against a stand-in gateway on loopback (the JDK's HTTP server): the document
 * read answers 409 kind-mismatch, the blob streams to a file; a body that stops coming fails within
 * the timeout and leaves no file.
 */
class BlobDownloadTest {
    private static final String MISMATCH = "{\"type\":\"urn:hybridstore:problem:kind-mismatch\",\"status\":409}";
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private String gateway(byte[] blob, boolean stallHalfway) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/read/", ex -> {
            byte[] body = MISMATCH.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/problem+json");
            ex.sendResponseHeaders(409, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/blobs/", ex -> {
            ex.sendResponseHeaders(200, blob.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(blob, 0, stallHalfway ? blob.length / 2 : blob.length);
                out.flush();
                if (stallHalfway) {
                    release.await(); // the rest never comes while the client waits
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                // the client gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int get(String gateway, Path output, StringWriter err) {
        CommandLine cli = HybridstoreCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("get", "photos/a.bin", "-o", output.toString(), "--gateway", gateway, "--timeout", "1s");
    }

    @Test
    void aBlobStreamsToItsFile(@TempDir Path dir) throws Exception {
        byte[] blob = new byte[3 << 20];
        new Random(3).nextBytes(blob);
        Path out = dir.resolve("a.bin");

        assertEquals(ExitCode.OK, get(gateway(blob, false), out, new StringWriter()));

        assertArrayEquals(blob, Files.readAllBytes(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
    }

    @Test
    void aBodyThatStopsComingFailsWithinTheTimeoutAndLeavesNoFile(@TempDir Path dir) throws Exception {
        byte[] blob = new byte[1 << 20];
        Path out = dir.resolve("a.bin");
        StringWriter err = new StringWriter();
        long start = System.nanoTime();

        assertEquals(ExitCode.FAILED, get(gateway(blob, true), out, err));

        assertTrue(System.nanoTime() - start < 20_000_000_000L, "bounded by the 1 s stall window, not forever");
        assertTrue(err.toString().contains("the transfer broke after") && err.toString().contains("no byte for 1 s"), err.toString());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the partial file is gone too");
        }
    }
}
