package io.hybridstore.common.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartSpliceTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Strings that test escaping: quotes, backslashes, controls, non-ASCII, a character outside the BMP, a slash. */
    private static final String[] TEXTS = {"", "plain", "a\"quote", "back\\slash", "tab\tnew\nline\r", "\u0000\u001f\u007f",
        "é ü ß", "日本語", "\uD83D\uDE00 smile", "a/b", "</script>", "\u2028\u2029", "x".repeat(3072)};

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** What the answer was before the splice: both parts parsed, merged, written by the mapper. */
    private static byte[] treePath(List<String> order, byte[] hot, byte[] cold) throws IOException {
        return CanonicalJson.mapper().writeValueAsBytes(HotColdSplit.merge(order, hot == null ? null : CanonicalJson.parseStoredObject(hot),
                cold == null ? null : CanonicalJson.parseStoredObject(cold)));
    }

    @Test
    void splicedBytesAreTheTreePathsForRandomDocuments() throws IOException {
        Random random = new Random(31);
        SplitPolicy policy = SplitPolicy.byValueOnly(64);
        int documents = 5_000;
        int spliced = 0;
        int bothParts = 0;
        for (int d = 0; d < documents; d++) {
            ObjectNode document = randomObject(random, 0);
            HotColdSplit split = HotColdSplit.split(document, policy);
            byte[] hot = split.hotBytes();
            byte[] cold = split.coldBytes();
            byte[] answer = PartSplice.merge(split.fieldOrder(), hot, cold);
            assertNotNull(answer, "a canonical part is always spliced");
            assertArrayEquals(treePath(split.fieldOrder(), hot, cold), answer, document.toString());
            spliced++;
            bothParts += hot != null && cold != null ? 1 : 0;
        }
        assertEquals(documents, spliced);
        assertEquals(true, bothParts > documents / 2, "most documents have both parts: " + bothParts);
    }

    @Test
    void writtenOrderNotCanonicalOrderAtTheTopLevelNestedKeysCanonical() {
        byte[] hot = bytes("{\"a\":1,\"z\":\"t\"}");
        byte[] cold = bytes("{\"m\":{\"b\":[1.10,1E+400],\"c\":null}}");
        assertEquals("{\"z\":\"t\",\"m\":{\"b\":[1.10,1E+400],\"c\":null},\"a\":1}",
                new String(PartSplice.merge(List.of("z", "m", "a"), hot, cold), StandardCharsets.UTF_8));
        assertEquals("{\"m\":{\"b\":[1.10,1E+400],\"c\":null}}", new String(PartSplice.merge(List.of("m"), null, cold), StandardCharsets.UTF_8));
        assertEquals("{}", new String(PartSplice.merge(List.of(), null, null), StandardCharsets.UTF_8));
    }

    @Test
    void theHotPartWinsAFieldInBothAsTheMergeDoes() throws IOException {
        byte[] hot = bytes("{\"a\":1}");
        byte[] cold = bytes("{\"a\":2,\"b\":3}");
        assertArrayEquals(treePath(List.of("b", "a"), hot, cold), PartSplice.merge(List.of("b", "a"), hot, cold));
        assertEquals("{\"b\":3,\"a\":1}", new String(PartSplice.merge(List.of("b", "a"), hot, cold), StandardCharsets.UTF_8));
    }

    @Test
    void aPartNotCompactAtItsTopLevelIsLeftToTheTreePath() {
        for (String part : List.of("{ \"a\":1}", "{\"a\" :1}", "{\"a\": 1}", "{\"a\":1 }", "{\"a\":1 ,\"b\":2}", "{\"a\":1, \"b\":2}",
                "{\"a\":1}\n", " {\"a\":1}")) {
            assertNull(PartSplice.merge(List.of("a"), bytes(part), null), part);
        }
    }

    @Test
    void aFieldInNeitherPartOrABadPartIsCorrupt() {
        StoreException missing = assertThrows(StoreException.class, () -> PartSplice.merge(List.of("a", "gone"), bytes("{\"a\":1}"), null));
        assertEquals(ErrorCode.CORRUPT, missing.code());
        for (String part : List.of("[1]", "\"s\"", "{\"a\":1,\"a\":2}", "{\"a\":", "{\"a\":1", "nonsense")) {
            StoreException bad = assertThrows(StoreException.class, () -> PartSplice.merge(List.of("a"), bytes(part), null), part);
            assertEquals(ErrorCode.CORRUPT, bad.code(), part);
        }
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        int fields = depth == 0 ? 1 + random.nextInt(12) : random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            object.set(randomText(random, true), randomValue(random, depth + 1));
        }
        return object;
    }

    private static com.fasterxml.jackson.databind.JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 7 : 9);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(new BigDecimal(List.of("1.10", "-0.0", "1E+400", "3.14159", "0", "-12.500", "2E-7").get(random.nextInt(7))));
            case 4, 5, 6 -> NODES.textNode(randomText(random, false));
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> randomObject(random, depth);
        };
    }

    private static String randomText(Random random, boolean name) {
        String base = TEXTS[random.nextInt(TEXTS.length - (name ? 1 : 0))];
        return name ? base + random.nextInt(1000) : base;
    }
}
