package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.GetOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChunkReadFramingTest {

    private static long crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }

    private static byte[] reply(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkReadFraming.Writer writer = new ChunkReadFraming.Writer(out, 3);
        writer.found("c1", data.length, crc(data));
        writer.data().write(data);
        writer.failed("c2", ErrorCode.NOT_FOUND);
        writer.failed("c3", ErrorCode.CORRUPT);
        writer.finish();
        return out.toByteArray();
    }

    @Test
    void aReplyHasAKnownLayout() throws IOException {
        byte[] bytes = reply("ab".getBytes());
        // magic HSG1, count 3; "c1" found, 2 bytes, its CRC32C, "ab"; "c2" not found; "c3" corrupt
        assertEquals("4853473100000003" + "02" + "6331" + "00" + "0000000000000002" + String.format("%08x", crc("ab".getBytes()))
                + "6162" + "02" + "6332" + "01" + "0000000000000000" + "00000000"
                + "02" + "6333" + "02" + "0000000000000000" + "00000000", HexFormat.of().formatHex(bytes));
    }

    @Test
    void decodesEachOutcomeInOrder() throws IOException {
        byte[] data = new byte[5000];
        Arrays.fill(data, (byte) 9);
        List<GetOutcome> outcomes = ChunkReadFraming.decode(reply(data), "test");
        assertEquals(List.of("c1", "c2", "c3"), outcomes.stream().map(GetOutcome::chunkId).toList());
        assertArrayEquals(data, outcomes.get(0).data());
        assertNull(outcomes.get(0).error());
        assertEquals(ErrorCode.NOT_FOUND, outcomes.get(1).error());
        assertEquals(ErrorCode.CORRUPT, outcomes.get(2).error());
    }

    @Test
    void bytesDamagedOnTheWayAreThatChunksCorruptAndACutReplyFailsTheCall() throws IOException {
        byte[] bytes = reply("abcdef".getBytes());
        byte[] damaged = bytes.clone();
        damaged[4 + 4 + 1 + 2 + 1 + 8 + 4] ^= 1; // the first data byte of c1
        List<GetOutcome> outcomes = ChunkReadFraming.decode(damaged, "test");
        assertEquals(ErrorCode.CORRUPT, outcomes.get(0).error());
        assertEquals(ErrorCode.NOT_FOUND, outcomes.get(1).error());

        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class, () -> ChunkReadFraming.decode(cut, "test")).code());
        byte[] notAReply = "{\"json\":1}".getBytes();
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class, () -> ChunkReadFraming.decode(notAReply, "test")).code());
    }
}
