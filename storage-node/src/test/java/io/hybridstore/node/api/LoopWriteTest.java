package io.hybridstore.node.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.io.http.ChunkApi;
import io.hybridstore.io.http.ChunkBatchFraming;
import io.hybridstore.io.http.ChunkOutcomeFraming;
import io.hybridstore.node.testing.Profiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which batches the event loop makes durable itself ({@link BatchRoute#batchOnLoop}): one that arrives
 * alone, not one that arrives while another batch is open, which goes to a worker so that the two
 * can share an fsync.
 */
@QuarkusTest
@TestProfile(Profiles.Standalone.class)
class LoopWriteTest {
    @Inject
    BatchRoute route;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aBatchThatArrivesWhileAnotherIsOpenGoesToAWorker() throws Exception {
        long loopWrites = route.writtenOnLoop();
        long taken = route.taken();
        byte[] first = ChunkApiTest.random(1500, 41);
        byte[] second = ChunkApiTest.random(900, 42);
        byte[] firstBody = body("loop-open-first", first);
        try (Socket open = new Socket(base.getHost(), base.getPort())) {
            // The first batch's head and half its body: it is open until the rest arrives.
            OutputStream out = open.getOutputStream();
            out.write(("POST /chunks/_batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Profiles.TOKEN
                    + "\r\nContent-Type: " + ChunkApi.BATCH_MEDIA_TYPE + "\r\nAccept: " + ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE
                    + "\r\nContent-Length: " + firstBody.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(firstBody, 0, firstBody.length / 2);
            out.flush();
            awaitOpen(1);

            byte[] answer = given().header("Authorization", "Bearer " + Profiles.TOKEN).contentType(ChunkApi.BATCH_MEDIA_TYPE)
                    .accept(ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE).body(body("loop-open-second", second)).post("/chunks/_batch")
                    .then().statusCode(200).extract().asByteArray();
            assertEquals(List.of(new ChunkOutcomeFraming.Outcome("loop-open-second", null, null)), ChunkOutcomeFraming.decode(answer, "test"));
            assertEquals(loopWrites, route.writtenOnLoop(), "the second batch arrived while the first was open: written on a worker");

            out.write(firstBody, firstBody.length / 2, firstBody.length - firstBody.length / 2);
            out.flush();
            String head = head(open.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
        }
        assertEquals(loopWrites + 1, route.writtenOnLoop(), "the first arrived alone: made durable on the event loop");
        assertEquals(taken + 2, route.taken());
        assertEquals(0, route.batchesOpen(), "both closed");
        assertArrayEquals(first, given().header("Authorization", "Bearer " + Profiles.TOKEN).get("/chunks/loop-open-first")
                .then().statusCode(200).extract().asByteArray());
        assertArrayEquals(second, given().header("Authorization", "Bearer " + Profiles.TOKEN).get("/chunks/loop-open-second")
                .then().statusCode(200).extract().asByteArray());
    }

    private static byte[] body(String id, byte[] data) {
        return ChunkApiTest.join(ChunkBatchFraming.encode(List.of(new ChunkStore.ChunkPut(id, data, null))));
    }

    /** Waits (at most 10 s) until the route counts {@code n} batches open: the first batch's head was read. */
    private void awaitOpen(int n) throws InterruptedException {
        for (int i = 0; i < 1_000 && route.batchesOpen() != n; i++) {
            Thread.sleep(10);
        }
        assertEquals(n, route.batchesOpen(), "batches open");
    }

    /** The answer's status line and headers, read up to the blank line. */
    private static String head(InputStream in) throws Exception {
        byte[] buffer = new byte[8192];
        int n = 0;
        while (n < buffer.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buffer[n++] = (byte) b;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n') {
                break;
            }
        }
        return new String(Arrays.copyOf(buffer, n), StandardCharsets.US_ASCII);
    }
}
