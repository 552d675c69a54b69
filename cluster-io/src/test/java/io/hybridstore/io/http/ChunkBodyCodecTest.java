package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChunkBodyCodecTest {

    @Test
    void piecesAreJoinedInOrderIntoOneArrayOfTheirLength() {
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        BodyStream<byte[]> body = stream();
        int pieces = 0;
        for (int at = 0; at < chunk.length; at += 65_000, pieces++) { // uneven pieces, as a socket reads them
            body.write(Buffer.buffer(Arrays.copyOfRange(chunk, at, Math.min(chunk.length, at + 65_000))));
        }
        body.end();
        assertTrue(body.result().succeeded());
        byte[] joined = body.result().result();
        assertEquals(chunk.length, joined.length, "exactly the bytes received, no spare capacity");
        assertArrayEquals(chunk, joined);
        assertEquals(17, pieces);
    }

    @Test
    void anEmptyAnswerIsAnEmptyArray() {
        BodyStream<byte[]> body = stream();
        body.end();
        assertEquals(0, body.result().result().length);
    }

    @Test
    void aBrokenAnswerFailsAndWhatArrivesAfterwardsIsIgnored() {
        BodyStream<byte[]> body = stream();
        body.write(Buffer.buffer("abc"));
        body.handle(new IOException("connection reset"));
        body.write(Buffer.buffer("def"));
        body.end();
        assertTrue(body.result().failed());
        assertEquals("connection reset", body.result().cause().getMessage());
    }

    private static BodyStream<byte[]> stream() {
        AtomicReference<BodyStream<byte[]>> created = new AtomicReference<>();
        ChunkBodyCodec.INSTANCE.create(ar -> created.set(ar.result()));
        return created.get();
    }
}
