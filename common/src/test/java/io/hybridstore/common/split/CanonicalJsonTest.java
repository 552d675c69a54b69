package io.hybridstore.common.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static String canonical(String json) {
        return new String(CanonicalJson.toBytes(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
    }

    @Test
    void sortsKeysRecursivelyAndDropsWhitespace() {
        assertEquals("{\"a\":[{\"x\":1,\"y\":2}],\"b\":{\"c\":true,\"d\":null}}",
                canonical("{ \"b\": {\"d\": null, \"c\": true},\n \"a\": [ {\"y\":2, \"x\":1} ] }"));
    }

    @Test
    void equalDocumentsInAnyKeyOrderHaveEqualBytesAndHash() {
        byte[] one = CanonicalJson.toBytes(CanonicalJson.parse("{\"a\":1,\"b\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        byte[] two = CanonicalJson.toBytes(CanonicalJson.parse("{\"b\":\"x\",  \"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(one, two);
        assertEquals(CanonicalJson.sha256Hex(one), CanonicalJson.sha256Hex(two));
    }

    @Test
    void keysSortByUtf16CodeUnits() {
        // U+00E9 (é) sorts after 'z'; a supplementary character (surrogate pair D83D...) after U+00E9.
        assertEquals("{\"z\":1,\"é\":2,\"\uD83D\uDE00\":3}", canonical("{\"\uD83D\uDE00\":3,\"é\":2,\"z\":1}"));
    }

    @Test
    void numbersKeepTheirWrittenForm() {
        assertEquals("{\"a\":1.10,\"b\":1E+400,\"c\":12345678901234567890123}",
                canonical("{\"a\":1.10,\"b\":1e400,\"c\":12345678901234567890123}"));
    }

    @Test
    void stringsAreEscapedMinimally() {
        assertEquals("{\"s\":\"line\\nquote\\\" ü \uD83D\uDE00\"}", canonical("{\"s\":\"line\\nquote\\\" \\u00fc \uD83D\uDE00\"}"));
    }

    @Test
    void malformedAndDuplicateKeysAreBadRequests() {
        for (String bad : new String[] {"{", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "", "nul"}) {
            StoreException e = assertThrows(StoreException.class, () -> CanonicalJson.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), bad);
        }
    }

    @Test
    void storedBytesThatAreNotAnObjectAreCorrupt() {
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> CanonicalJson.parseStoredObject("[1]".getBytes(StandardCharsets.UTF_8))).code());
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> CanonicalJson.parseStoredObject(new byte[] {(byte) 0xff, 1})).code());
    }
}
