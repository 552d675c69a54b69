package io.hybridstore.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.spi.ChunkStore.VerifyOutcome;
import io.hybridstore.common.spi.ChunkStore.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkVerdictFramingTest {

    @Test
    void verdictsEncodeToKnownLines() {
        byte[] answer = ChunkVerdictFraming.encode(List.of(VerifyOutcome.checked("a.1", VerifyResult.OK, "1c2b3d4e"),
                VerifyOutcome.checked("b", VerifyResult.CORRUPT, null), VerifyOutcome.checked("c_", VerifyResult.MISSING, null),
                VerifyOutcome.failed("d-", ErrorCode.INTERNAL)));
        assertEquals("a.1 OK 1c2b3d4e\nb CORRUPT\nc_ MISSING\nd- FAILED INTERNAL\n", new String(answer, StandardCharsets.US_ASCII));
    }

    @Test
    void everyResultAndEveryCodeReadsBack() {
        List<VerifyOutcome> outcomes = new ArrayList<>();
        outcomes.add(VerifyOutcome.checked("ok", VerifyResult.OK, "0"));
        outcomes.add(VerifyOutcome.checked("rot", VerifyResult.CORRUPT, null));
        outcomes.add(VerifyOutcome.checked("gone", VerifyResult.MISSING, null));
        Arrays.stream(ErrorCode.values()).forEach(c -> outcomes.add(VerifyOutcome.failed("id-" + c.ordinal(), c)));
        assertEquals(outcomes, ChunkVerdictFraming.decode(ChunkVerdictFraming.encode(outcomes), "test"));
        assertEquals(3 + ErrorCode.values().length, outcomes.size());
        assertEquals(List.of(), ChunkVerdictFraming.decode(new byte[0], "test"));
    }

    @Test
    void aCodeThisReaderDoesNotKnowIsInternalNotABrokenAnswer() {
        assertEquals(List.of(VerifyOutcome.failed("x", ErrorCode.INTERNAL)),
                ChunkVerdictFraming.decode("x FAILED NEWER_CODE\n".getBytes(StandardCharsets.US_ASCII), "test"));
    }

    @Test
    void anUnreadableOrCutAnswerIsUnavailable() {
        List<String> broken = List.of("a OK 12", "a OK\n", "a OK \n", "a CORRUPT 12\n", "a FAILED\n", "a MAYBE\n", " OK 12\n", "a\n",
                "\n", "a MISSING\nb");
        for (String answer : broken) {
            StoreException e = assertThrows(StoreException.class,
                    () -> ChunkVerdictFraming.decode(answer.getBytes(StandardCharsets.US_ASCII), "test"), answer);
            assertEquals(ErrorCode.UNAVAILABLE, e.code(), answer);
        }
        assertEquals(10, broken.size());
    }
}
