package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The body of a chunk answer, gathered into one array, for each way an answer may declare its length. */
class SizedBodyTest {

    private final byte[] data = new byte[300_000];

    SizedBodyTest() {
        new Random(7).nextBytes(data);
    }

    @Test
    void aDeclaredLengthIsOneArrayFilledInPlace() {
        SizedBody body = new SizedBody(String.valueOf(data.length));
        byte[] first = feed(body, 16_384);
        assertArrayEquals(data, first);
        assertSame(first, body.bytes(), "no copy at the end: the array is handed over as it is");
    }

    @Test
    void anUndeclaredLengthGrowsToWhatArrived() {
        for (String header : new String[] {null, "", "not-a-number", "-5", String.valueOf(SizedBody.UPFRONT_MAX + 1L)}) {
            assertArrayEquals(data, feed(new SizedBody(header), 7_001), "Content-Length " + header);
        }
    }

    @Test
    void moreOrLessThanDeclaredIsKeptAsItCameForTheCallersChecks() {
        assertArrayEquals(data, feed(new SizedBody("1000"), 10_000), "more than declared");
        byte[] shorter = feed(new SizedBody(String.valueOf(data.length + 10)), 10_000);
        assertArrayEquals(data, shorter, "less than declared: the bytes that came, no zero padding");
    }

    @Test
    void anEmptyAnswerIsAnEmptyArray() {
        assertArrayEquals(new byte[0], new SizedBody("0").bytes());
        assertArrayEquals(new byte[0], new SizedBody(null).bytes());
    }

    /** Feeds the data in pieces of {@code piece} bytes (the last one shorter), as an event loop would. */
    private byte[] feed(SizedBody body, int piece) {
        int pieces = 0;
        for (int at = 0; at < data.length; at += piece) {
            body.append(Buffer.buffer(Arrays.copyOfRange(data, at, Math.min(data.length, at + piece))));
            pieces++;
        }
        assertTrue(pieces > 1, "the body came in several pieces");
        return body.bytes();
    }
}
