package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
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

    @Test
    void theCheckIsTheRegexItReplaced() {
        Pattern regex = Pattern.compile("[A-Za-z0-9._-]{1,200}");
        // Every character below 0x180, alone and inside an id; then random ids over a mixed alphabet and lengths 0..202.
        int checked = 0;
        for (char c = 0; c < 0x180; c++) {
            for (String id : List.of(String.valueOf(c), "ab" + c + "cd", c + "x", "x" + c)) {
                assertEquals(regex.matcher(id).matches() && !id.equals(".") && !id.equals(".."), ChunkIds.isValid(id), id);
                checked++;
            }
        }
        String alphabet = "aZ09._-/\\ :~%\u00e9\u0000";
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(203);
            StringBuilder id = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                id.append(random.nextInt(10) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : "ab.-_X9".charAt(random.nextInt(7)));
            }
            String s = id.toString();
            assertEquals(regex.matcher(s).matches() && !s.equals(".") && !s.equals(".."), ChunkIds.isValid(s), s);
            checked++;
        }
        assertEquals(4 * 0x180 + 20_000, checked);
    }
}
