package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The S3 listener's response body against a real Vert.x server and a plain socket client. */
class VertxResponseStreamTest {

    private static final int MIB = 1 << 20;

    private Vertx vertx;
    private HttpServer server;
    /** What the writing thread ended with: null when it wrote everything, else its exception. */
    private final CompletableFuture<Throwable> writer = new CompletableFuture<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** A server whose every response body is written by {@code body} on a thread of its own, as S3Server does. */
    private int serve(long contentLength, Duration idle, WriteBody body) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            HttpServerResponse response = request.response().putHeader("Content-Length", Long.toString(contentLength));
            Thread.ofVirtual().start(() -> {
                try (VertxResponseStream out = new VertxResponseStream(response, idle)) {
                    body.write(out);
                    response.end();
                    writer.complete(null);
                } catch (Throwable t) {
                    writer.complete(t);
                }
            });
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @FunctionalInterface
    private interface WriteBody {
        void write(VertxResponseStream out) throws IOException;
    }

    @Test
    void eachWriteIsSentAsItWasWhenTheCallerReusesItsArrayAfterwards() throws Exception {
        int writes = 4;
        int port = serve((long) writes * MIB + 3, Duration.ofSeconds(10), out -> {
            byte[] reused = new byte[MIB];
            for (int i = 0; i < writes; i++) {
                Arrays.fill(reused, (byte) (i + 1));
                out.write(reused, 0, MIB); // the bytes are not copied: write returns once they are sent
            }
            Arrays.fill(reused, (byte) 9);
            out.write(reused, 10, 3);
        });
        byte[] body = get(port, (long) writes * MIB + 3);
        assertEquals(null, writer.get(10, TimeUnit.SECONDS));
        int checked = 0;
        for (int i = 0; i < writes; i++) {
            byte[] expected = new byte[MIB];
            Arrays.fill(expected, (byte) (i + 1));
            assertArrayEquals(expected, Arrays.copyOfRange(body, i * MIB, (i + 1) * MIB), "write " + i);
            checked++;
        }
        assertArrayEquals(new byte[] {9, 9, 9}, Arrays.copyOfRange(body, writes * MIB, writes * MIB + 3));
        assertEquals(writes, checked);
    }

    @Test
    void aClientThatReadsNothingFailsTheWriterAfterTheIdleTimeout() throws Exception {
        long size = 256L * MIB; // far more than the socket buffers on both sides hold
        int port = serve(size, Duration.ofMillis(500), out -> {
            byte[] piece = new byte[MIB];
            for (long sent = 0; sent < size; sent += MIB) {
                out.write(piece, 0, MIB);
            }
        });
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.getOutputStream().write(request().getBytes(StandardCharsets.US_ASCII));
            Throwable failure = writer.get(30, TimeUnit.SECONDS); // the client never reads
            assertInstanceOf(IOException.class, failure);
            assertTrue(failure.getMessage().contains("took nothing for 500 ms"), failure.getMessage());
        }
    }

    @Test
    void aClientThatLeavesFailsTheWriter() throws Exception {
        long size = 256L * MIB;
        int port = serve(size, Duration.ofSeconds(30), out -> {
            byte[] piece = new byte[MIB];
            for (long sent = 0; sent < size; sent += MIB) {
                out.write(piece, 0, MIB);
            }
        });
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.getOutputStream().write(request().getBytes(StandardCharsets.US_ASCII));
            client.getInputStream().readNBytes(MIB); // some of the body, then gone
        }
        assertInstanceOf(IOException.class, writer.get(30, TimeUnit.SECONDS));
    }

    private static String request() {
        return "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    /** The body of one GET, read to its Content-Length. */
    private static byte[] get(int port, long length) throws IOException {
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.getOutputStream().write(request().getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the response ended in its head");
                }
                head.write(b);
            }
            assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), head.toString(StandardCharsets.US_ASCII));
            byte[] body = new byte[(int) length];
            new DataInputStream(in).readFully(body);
            return body;
        }
    }
}
