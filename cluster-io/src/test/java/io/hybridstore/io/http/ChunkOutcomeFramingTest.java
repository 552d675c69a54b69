package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.io.http.ChunkOutcomeFraming.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkOutcomeFramingTest {

    @Test
    void outcomesEncodeToKnownBytes() {
        byte[] answer = ChunkOutcomeFraming.encode(List.of(new Outcome("ab", null, null), new Outcome("c", ErrorCode.CORRUPT, "crc")));
        // magic, count 2; "ab" stored (code length 0); "c": code "CORRUPT" (7 bytes), detail "crc" (3 bytes)
        assertEquals("48534f31" + "00000002" + "02" + "6162" + "00" + "01" + "63" + "07" + "434f5252555054" + "0003" + "637263",
                HexFormat.of().formatHex(answer));
    }

    @Test
    void everyCodeReadsBackWithItsDetail() {
        List<Outcome> outcomes = Arrays.stream(ErrorCode.values()).map(c -> new Outcome("id-" + c.ordinal(), c, "détail " + c)).toList();
        assertEquals(outcomes, ChunkOutcomeFraming.decode(ChunkOutcomeFraming.encode(outcomes), "test"));
        assertEquals(ErrorCode.values().length, outcomes.size());
        assertEquals(List.of(), ChunkOutcomeFraming.decode(ChunkOutcomeFraming.encode(List.of()), "test"));
    }

    @Test
    void aCodeThisReaderDoesNotKnowIsInternalNotABrokenAnswer() {
        byte[] code = "NEWER_CODE".getBytes(StandardCharsets.US_ASCII);
        byte[] answer = ByteBuffer.allocate(8 + 2 + 1 + code.length + 2).putInt(ChunkOutcomeFraming.MAGIC).putInt(1)
                .put((byte) 1).put((byte) 'x').put((byte) code.length).put(code).putShort((short) 0).array();
        assertEquals(List.of(new Outcome("x", ErrorCode.INTERNAL, "")), ChunkOutcomeFraming.decode(answer, "test"));
    }

    @Test
    void aLongDetailIsCutOnACharacterBoundary() {
        String detail = "é".repeat(ChunkOutcomeFraming.MAX_DETAIL); // 2 bytes each
        Outcome read = ChunkOutcomeFraming.decode(ChunkOutcomeFraming.encode(List.of(new Outcome("a", ErrorCode.INTERNAL, detail))), "t").get(0);
        assertEquals("é".repeat(ChunkOutcomeFraming.MAX_DETAIL / 2), read.detail());
        assertEquals("", ChunkOutcomeFraming.decode(ChunkOutcomeFraming.encode(List.of(new Outcome("a", ErrorCode.INTERNAL, null))), "t")
                .get(0).detail());
    }

    @Test
    void anAnswerCutAnywhereOrWithBytesAfterItIsUnavailable() {
        byte[] answer = ChunkOutcomeFraming.encode(List.of(new Outcome("abc", null, null), new Outcome("d", ErrorCode.NOT_FOUND, "gone")));
        int cases = 0;
        for (int cut = 0; cut < answer.length; cut++) {
            byte[] part = Arrays.copyOf(answer, cut);
            StoreException e = assertThrows(StoreException.class, () -> ChunkOutcomeFraming.decode(part, "test"), "cut at " + cut);
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            cases++;
        }
        assertEquals(answer.length, cases);
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class,
                () -> ChunkOutcomeFraming.decode(Arrays.copyOf(answer, answer.length + 1), "test")).code());
        byte[] json = "{\"outcomes\":[]}".getBytes(StandardCharsets.US_ASCII);
        assertTrue(assertThrows(StoreException.class, () -> ChunkOutcomeFraming.decode(json, "test")).getMessage().contains("HSO1"));
    }

    @Test
    void idListsAreOneIdALine() {
        List<String> ids = List.of("a", "b.c_d-1", "x".repeat(255));
        byte[] body = ChunkOutcomeFraming.encodeIds(ids);
        assertArrayEquals(("a\nb.c_d-1\n" + "x".repeat(255) + "\n").getBytes(StandardCharsets.US_ASCII), body);
        assertEquals(ids, ChunkOutcomeFraming.decodeIds(body));
        assertEquals(List.of(), ChunkOutcomeFraming.decodeIds(new byte[0]));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class,
                () -> ChunkOutcomeFraming.decodeIds("a\nb".getBytes(StandardCharsets.US_ASCII))).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(StoreException.class, () -> ChunkOutcomeFraming.encodeIds(List.of(""))).code());
    }
}
