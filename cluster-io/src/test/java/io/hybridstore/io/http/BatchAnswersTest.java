package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.NodeInfo;
import io.hybridstore.common.spi.ChunkStore.ChunkPut;
import io.hybridstore.common.spi.ChunkStore.GetOutcome;
import io.hybridstore.common.spi.ChunkStore.PutOutcome;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Batch answers read chunk by chunk, in both of a node's answer formats, and every broken one refused whole. */
class BatchAnswersTest {
    private static final NodeInfo NODE = new NodeInfo("n1", "http://127.0.0.1:1", "", 0, 0, 0, 0, "test");
    private static final List<ChunkPut> PUTS = List.of(put("a"), put("b"), put("c"));
    private static final String WHAT = "batch of 3";

    @Test
    void aBinaryPutAnswerGivesEachChunkItsOutcome() {
        byte[] body = ChunkOutcomeFraming.encode(List.of(stored("a"), new ChunkOutcomeFraming.Outcome("b", ErrorCode.INSUFFICIENT_STORAGE, "disk full"), stored("c")));
        List<PutOutcome> outcomes = BatchAnswers.putOutcomes(NODE, PUTS, WHAT, ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE, body);

        assertEquals(List.of("a", "b", "c"), outcomes.stream().map(PutOutcome::chunkId).toList());
        assertNull(outcomes.get(0).failure());
        assertNull(outcomes.get(2).failure());
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, outcomes.get(1).failure().code());
        assertTrue(outcomes.get(1).failure().getMessage().contains("PUT b to n1: disk full"), outcomes.get(1).failure().getMessage());
    }

    @Test
    void aJsonPutAnswerOfAnOlderNodeReadsTheSame() {
        String json = """
                {"outcomes":[{"chunkId":"a"},{"chunkId":"b","problem":"CORRUPT","detail":"crc"},{"chunkId":"c"}]}""";
        List<PutOutcome> outcomes = BatchAnswers.putOutcomes(NODE, PUTS, WHAT, "application/json", json.getBytes(StandardCharsets.UTF_8));

        assertEquals(3, outcomes.size());
        assertNull(outcomes.get(0).failure());
        assertEquals(ErrorCode.CORRUPT, outcomes.get(1).failure().code());
        assertNull(outcomes.get(2).failure());
    }

    @Test
    void aPutAnswerThatSkipsAddsOrReordersAChunkIsUnavailableWhole() {
        List<List<ChunkOutcomeFraming.Outcome>> broken = List.of(
                List.of(stored("a"), stored("b")),
                List.of(stored("a"), stored("b"), stored("c"), stored("d")),
                List.of(stored("a"), stored("c"), stored("b")));
        for (List<ChunkOutcomeFraming.Outcome> answer : broken) {
            StoreException e = assertThrows(StoreException.class, () -> BatchAnswers.putOutcomes(NODE, PUTS, WHAT,
                    ChunkApi.BATCH_OUTCOMES_MEDIA_TYPE, ChunkOutcomeFraming.encode(answer)));
            assertEquals(ErrorCode.UNAVAILABLE, e.code(), answer.toString());
        }
        assertEquals(3, broken.size());
    }

    @Test
    void anUnreadableJsonAnswerIsUnavailable() {
        StoreException e = assertThrows(StoreException.class,
                () -> BatchAnswers.putOutcomes(NODE, PUTS, WHAT, "application/json", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().startsWith(WHAT + ": unreadable answer"), e.getMessage());
    }

    @Test
    void aGetAnswerIsCheckedChunkByChunkAndAnErrorStatusIsClassified() throws IOException {
        byte[] data = "xyz".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkReadFraming.Writer writer = new ChunkReadFraming.Writer(out, 2);
        writer.found("a", data.length, crc(data));
        writer.data().write(data);
        writer.failed("b", ErrorCode.NOT_FOUND);
        writer.finish();

        List<GetOutcome> outcomes = BatchAnswers.getOutcomes(WHAT, List.of("a", "b"), 200, out.toByteArray());
        assertArrayEquals(data, outcomes.get(0).data());
        assertEquals(ErrorCode.NOT_FOUND, outcomes.get(1).error());

        StoreException reordered = assertThrows(StoreException.class,
                () -> BatchAnswers.getOutcomes(WHAT, List.of("b", "a"), 200, out.toByteArray()));
        assertEquals(ErrorCode.UNAVAILABLE, reordered.code());
        StoreException full = assertThrows(StoreException.class, () -> BatchAnswers.getOutcomes(WHAT, List.of("a", "b"), 507,
                "{\"type\":\"urn:hybridstore:problem:insufficient-storage\",\"status\":507,\"detail\":\"full\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.INSUFFICIENT_STORAGE, full.code());
    }

    @Test
    void verdictsMustAnswerTheAskedIdsInOrder() {
        byte[] body = ChunkVerdictFraming.encode(List.of(VerifyOutcome.checked("a", VerifyResult.OK, "1a2b"), VerifyOutcome.checked("b", VerifyResult.MISSING, null)));

        List<VerifyOutcome> verdicts = BatchAnswers.verdicts(WHAT, List.of("a", "b"), body);
        assertEquals(List.of(VerifyResult.OK, VerifyResult.MISSING), verdicts.stream().map(VerifyOutcome::result).toList());
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(StoreException.class, () -> BatchAnswers.verdicts(WHAT, List.of("a"), body)).code());
    }

    private static ChunkPut put(String id) {
        return new ChunkPut(id, id.getBytes(StandardCharsets.UTF_8), null);
    }

    private static ChunkOutcomeFraming.Outcome stored(String id) {
        return new ChunkOutcomeFraming.Outcome(id, null, null);
    }

    private static long crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }
}
