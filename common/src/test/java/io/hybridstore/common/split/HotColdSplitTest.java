package io.hybridstore.common.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.split.SplitPolicy.Temperature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotColdSplitTest {

    private static final SplitPolicy DEFAULT = SplitPolicy.byValueOnly(256);

    private static ObjectNode doc(String json) {
        return (ObjectNode) CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void scalarsAndShortStringsAreHotTheRestCold() {
        String longText = "x".repeat(257);
        HotColdSplit split = HotColdSplit.split(doc("{\"n\":1,\"s\":\"short\",\"long\":\"" + longText
                + "\",\"b\":false,\"z\":null,\"arr\":[1],\"obj\":{},\"f\":2.5}"), DEFAULT);
        assertEquals(List.of("n", "s", "long", "b", "z", "arr", "obj", "f"), split.fieldOrder());
        assertEquals(List.of("n", "s", "b", "z", "f"), names(split.hot()));
        assertEquals(List.of("long", "arr", "obj"), names(split.cold()));
    }

    @Test
    void stringLimitCountsUtf8BytesNotCharacters() {
        // 128 x 'é' = 256 bytes (hot); 129 = 258 bytes (cold) although only 129 characters.
        assertEquals(Temperature.HOT, DEFAULT.classify("s", doc("{\"s\":\"" + "é".repeat(128) + "\"}").get("s")));
        assertEquals(Temperature.COLD, DEFAULT.classify("s", doc("{\"s\":\"" + "é".repeat(129) + "\"}").get("s")));
        assertEquals(Temperature.HOT, DEFAULT.classify("s", doc("{\"s\":\"" + "x".repeat(256) + "\"}").get("s")));
        assertEquals(Temperature.COLD, DEFAULT.classify("s", doc("{\"s\":\"" + "x".repeat(257) + "\"}").get("s")));
        assertEquals(Temperature.COLD, DEFAULT.classify("s", doc("{\"s\":\"" + "\uD83D\uDE00".repeat(65) + "\"}").get("s")));
    }

    @Test
    void explicitGlobsWinAndColdBeatsHot() {
        SplitPolicy policy = new SplitPolicy(List.of("meta_*", "tags", "both*"), List.of("*_blob", "both?"), 256);
        ObjectNode d = doc("{\"meta_x\":[1,2],\"tags\":{\"a\":1},\"n_blob\":3,\"bothX\":1,\"bothXY\":[0],\"plain\":1}");
        HotColdSplit split = HotColdSplit.split(d, policy);
        assertEquals(List.of("meta_x", "tags", "bothXY", "plain"), names(split.hot()));
        assertEquals(List.of("n_blob", "bothX"), names(split.cold()));
    }

    @Test
    void globCharactersOtherThanStarAndQuestionAreLiteral() {
        SplitPolicy policy = new SplitPolicy(List.of(), List.of("a.b", "(x)+"), 256);
        assertEquals(Temperature.COLD, policy.classify("a.b", doc("{\"v\":1}").get("v")));
        assertEquals(Temperature.HOT, policy.classify("aXb", doc("{\"v\":1}").get("v")));
        assertEquals(Temperature.COLD, policy.classify("(x)+", doc("{\"v\":1}").get("v")));
    }

    @Test
    void emptyPartsAreNull() {
        HotColdSplit empty = HotColdSplit.split(doc("{}"), DEFAULT);
        assertNull(empty.hot());
        assertNull(empty.cold());
        assertNull(empty.hotBytes());
        assertNull(HotColdSplit.split(doc("{\"a\":1}"), DEFAULT).cold());
        assertNull(HotColdSplit.split(doc("{\"a\":[1]}"), DEFAULT).hot());
    }

    @Test
    void mergeRestoresWrittenOrderThroughCanonicalStorage() {
        String original = "{\"zeta\":1,\"blob\":[\"x\",{\"q\":1,\"p\":2}],\"alpha\":\"é\",\"mid\":{\"b\":1,\"a\":2},\"n\":1.50}";
        HotColdSplit split = HotColdSplit.split(doc(original), DEFAULT);
        // As stored: canonical bytes, read back.
        ObjectNode hot = CanonicalJson.parseStoredObject(split.hotBytes());
        ObjectNode cold = CanonicalJson.parseStoredObject(split.coldBytes());
        ObjectNode merged = HotColdSplit.merge(split.fieldOrder(), hot, cold);
        assertEquals(List.of("zeta", "blob", "alpha", "mid", "n"), names(merged));
        assertEquals(doc(original), merged);
        assertEquals("1.50", merged.get("n").decimalValue().toPlainString());
    }

    @Test
    void mergeRefusesAFieldMissingFromBothParts() {
        StoreException e = assertThrows(StoreException.class,
                () -> HotColdSplit.merge(List.of("a", "gone"), doc("{\"a\":1}"), null));
        assertEquals(ErrorCode.CORRUPT, e.code());
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
