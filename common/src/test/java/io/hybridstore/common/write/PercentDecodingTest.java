package io.hybridstore.common.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers of the one percent-decoder behind KeyPaths and the S3 listener, and where each refusal points. */
class PercentDecodingTest {

    @Test
    void decodesEscapesAndRawBytesAlikeAndPlusOnlyInAForm() {
        assertEquals("café", PercentDecoding.decode("caf%C3%A9", false));
        assertEquals("café", PercentDecoding.decode("caf\u00c3\u00a9", false), "raw UTF-8, one char per byte");
        assertEquals("a+b", PercentDecoding.decode("a+b", false));
        assertEquals("a b", PercentDecoding.decode("a+b", true));
        assertEquals("%41", PercentDecoding.decode("%2541", false), "decoded once");
        assertArrayEquals(new byte[] {(byte) 0xFF}, PercentDecoding.bytes("%ff", false), "bytes need not be UTF-8");
    }

    @Test
    void eachRefusalSaysWhatAndWhere() {
        record Bad(String raw, PercentDecoding.Problem problem, int at) {
        }
        List<Bad> cases = List.of(
                new Bad("ab%zz", PercentDecoding.Problem.MALFORMED_ESCAPE, 2),
                new Bad("ab%2", PercentDecoding.Problem.MALFORMED_ESCAPE, 2),
                new Bad("%", PercentDecoding.Problem.MALFORMED_ESCAPE, 0),
                new Bad("a\u0100", PercentDecoding.Problem.WIDE_CHAR, 1),
                new Bad("%C3%28", PercentDecoding.Problem.NOT_UTF8, -1),
                new Bad("\u00ff", PercentDecoding.Problem.NOT_UTF8, -1));
        for (Bad bad : cases) {
            PercentDecoding.Malformed e = assertThrows(PercentDecoding.Malformed.class, () -> PercentDecoding.decode(bad.raw(), false), bad.raw());
            assertEquals(bad.problem(), e.problem(), bad.raw());
            assertEquals(bad.at(), e.at(), bad.raw());
        }
        assertEquals(6, cases.size());
    }
}
