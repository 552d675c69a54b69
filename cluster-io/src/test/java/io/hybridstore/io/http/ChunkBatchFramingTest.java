package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.ChunkPut;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkBatchFramingTest {
    private static final String SHA = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void aBatchEncodesToKnownBytes() {
        byte[] body = join(ChunkBatchFraming.encode(List.of(new ChunkPut("ab", "123456789".getBytes(), null))));
        // magic, count 1; id length 2, "ab", flags 0, length 9, CRC32C("123456789") = e3069283 (the standard check value), data
        assertEquals("48534231" + "00000001" + "02" + "6162" + "00" + "0000000000000009" + "e3069283" + "313233343536373839",
                HexFormat.of().formatHex(body));
    }

    @Test
    void framesReadBackAsTheyWereWrittenWhateverTheReaderLeavesUnread() throws IOException {
        byte[] a = new byte[1000];
        Arrays.fill(a, (byte) 7);
        List<ChunkPut> puts = List.of(new ChunkPut("a", a, SHA), new ChunkPut("empty", new byte[0], null), new ChunkPut("b", "xyz".getBytes(), ""));
        ChunkBatchFraming.Reader reader = new ChunkBatchFraming.Reader(new ByteArrayInputStream(join(ChunkBatchFraming.encode(puts))), 3);
        assertEquals(3, reader.count());
        ChunkBatchFraming.Frame first = reader.next();
        assertEquals(new ChunkBatchFraming.Frame("a", 1000, crcHex(a), SHA), first);
        assertEquals(7, reader.data().read(), "the first byte only: next() skips the rest");
        assertEquals(new ChunkBatchFraming.Frame("empty", 0, "0", null), reader.next());
        assertEquals(-1, reader.data().read());
        assertEquals("b", reader.next().chunkId());
        assertArrayEquals("xyz".getBytes(), reader.data().readAllBytes());
        assertNull(reader.next());
    }

    @Test
    void aCountOverTheLimitIsRefusedBeforeAnyChunkIsRead() {
        byte[] body = join(ChunkBatchFraming.encode(List.of(new ChunkPut("a", new byte[1], null), new ChunkPut("b", new byte[1], null))));
        StoreException e = assertThrows(StoreException.class, () -> new ChunkBatchFraming.Reader(new ByteArrayInputStream(body, 0, 8), 1));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
    }

    @Test
    void aBodyThatBreaksTheFramingIsABadRequest() {
        byte[] body = join(ChunkBatchFraming.encode(List.of(new ChunkPut("a", new byte[100], null), new ChunkPut("b", new byte[5], null))));
        int cases = 0;
        for (int cut = 8; cut < body.length; cut++) {
            ChunkBatchFraming.Reader reader = new ChunkBatchFraming.Reader(new ByteArrayInputStream(body, 0, cut), 10);
            StoreException e = assertThrows(StoreException.class, () -> {
                while (reader.next() != null) {
                    try {
                        reader.data().readAllBytes();
                    } catch (IOException endedInsideTheChunk) {
                        // the node refuses that chunk; the next frame read fails the batch
                    }
                }
            }, "cut at " + cut);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), "cut at " + cut);
            cases++;
        }
        assertEquals(body.length - 8, cases);
        body[0] = 'X';
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> new ChunkBatchFraming.Reader(new ByteArrayInputStream(body), 10)).code());
    }

    private static byte[] join(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String crcHex(byte[] data) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        return Long.toHexString(crc.getValue());
    }
}
