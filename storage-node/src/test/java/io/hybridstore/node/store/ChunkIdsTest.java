package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkIdsTest {

    @Test
    void acceptsTheIdAlphabetUpTo200Characters() {
        List<String> valid = List.of("a", "A-z_0.9", "...", ".hidden", "_exists", "x".repeat(200), "c0ffee.s3-of-6");
        valid.forEach(id -> assertTrue(ChunkIds.isValid(id), id));
    }

    @Test
    void refusesTraversalSeparatorsAndOversizedIds() {
        List<String> invalid = List.of("", ".", "..", "../etc", "a/b", "a\\b", "/abs", "%2e%2e", "a b", "é", "a\u0000b",
                "x".repeat(201), "C:", "a:b", "~tmp");
        invalid.forEach(id -> assertFalse(ChunkIds.isValid(id), id));
        assertEquals(15, invalid.size(), "every refused form was checked");
        StoreException e = assertThrows(StoreException.class, () -> ChunkIds.require("x".repeat(5000)));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().length() < 200, "the message does not echo a huge id: " + e.getMessage());
        assertThrows(StoreException.class, () -> ChunkIds.require(null));
    }
}
