package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read's answer from its parts' bytes: spliced when the parts are compact, parsed and merged when not, alike. */
class ReadAnswerTest {

    private static ObjectMetadata record(List<String> fieldOrder) {
        return new ObjectMetadata("k", new Version(0, 1), ObjectState.CLEAN, fieldOrder, null, null, List.of(), List.of(), 1, 1);
    }

    private static String answer(List<String> order, String hot, String cold) {
        return new String(ReadService.answer(record(order), hot == null ? null : hot.getBytes(StandardCharsets.UTF_8),
                cold == null ? null : cold.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void compactPartsAndSpacedPartsGiveTheSameAnswerInWrittenOrder() {
        String expected = "{\"t\":\"a \\\"q\\\" \\u0001 \u00e9\",\"n\":1.10,\"o\":{\"a\":[1,null],\"b\":true}}";
        assertEquals(expected, answer(List.of("t", "n", "o"), "{\"n\":1.10,\"t\":\"a \\\"q\\\" \\u0001 \u00e9\"}", "{\"o\":{\"a\":[1,null],\"b\":true}}"));
        assertEquals(expected, answer(List.of("t", "n", "o"), "{ \"n\" : 1.10 , \"t\" : \"a \\\"q\\\" \\u0001 \u00e9\" }",
                "{\"o\": {\"a\": [1, null], \"b\": true}}"));
    }

    @Test
    void aFieldInNeitherPartIsCorruptOnBothPaths() {
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> answer(List.of("a", "b"), "{\"a\":1}", null)).code());
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> answer(List.of("a", "b"), "{ \"a\":1}", null)).code());
    }
}
