package io.hybridstore.common.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectLabels.Access;
import io.hybridstore.common.split.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelPatchTest {

    private static final ObjectLabels CURRENT = new ObjectLabels(new TreeSet<>(Set.of("a", "b")), "alias-1", "text/plain", Access.PUBLIC);

    private static LabelPatch parse(String json) {
        return LabelPatch.fromJson(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void addAndRemoveChangeOnlyTheTagsNamed() {
        ObjectLabels after = parse("{\"tags\":{\"add\":[\"c\"],\"remove\":[\"a\",\"zz\"]}}").applyTo(CURRENT);
        assertEquals(new ObjectLabels(new TreeSet<>(Set.of("b", "c")), "alias-1", "text/plain", Access.PUBLIC), after);
    }

    @Test
    void setReplacesAllTagsAndNullClearsALabel() {
        ObjectLabels after = parse("{\"tags\":{\"set\":[\"x\"]},\"alias\":null,\"contentType\":\"image/png\",\"access\":null}")
                .applyTo(CURRENT);
        assertEquals(Set.of("x"), after.tags());
        assertNull(after.alias());
        assertEquals("image/png", after.contentType());
        assertNull(after.access(), "null access inherits the prefix rule");
    }

    @Test
    void absentMembersLeaveLabelsAsTheyAre() {
        ObjectLabels after = parse("{\"access\":\"private\"}").applyTo(CURRENT);
        assertEquals(new ObjectLabels(CURRENT.tags(), "alias-1", "text/plain", Access.PRIVATE), after);
    }

    @Test
    void applyingTwiceGivesTheSameLabels() {
        LabelPatch patch = parse("{\"tags\":{\"add\":[\"c\"],\"remove\":[\"a\"]},\"alias\":\"n\"}");
        assertEquals(patch.applyTo(CURRENT), patch.applyTo(patch.applyTo(CURRENT)));
    }

    @Test
    void theWalFormReadsBackEqual() {
        for (String json : new String[] {"{\"tags\":{\"set\":[]}}", "{\"tags\":{\"add\":[\"é:1\"],\"remove\":[\"a\"]},\"alias\":null}",
                "{\"contentType\":\"text/plain; charset=\\\"utf-8\\\"\",\"access\":\"public\"}"}) {
            LabelPatch patch = parse(json);
            assertEquals(patch, LabelPatch.fromJson(patch.toJson()), json);
        }
    }

    @Test
    void aPatchLeavingMoreThan32TagsIsRefused() {
        ObjectLabels full = new ObjectLabels(IntStream.range(0, 32).mapToObj(i -> "t" + i).collect(Collectors.toCollection(TreeSet::new)),
                null, null, null);
        StoreException e = assertThrows(StoreException.class, () -> parse("{\"tags\":{\"add\":[\"one-more\"]}}").applyTo(full));
        assertTrue(e.getMessage().contains("at most 32"), e.getMessage());
        assertEquals(32, parse("{\"tags\":{\"add\":[\"t0\"]}}").applyTo(full).tags().size(), "re-adding a present tag is fine");
    }

    @Test
    void badInputIsABadRequestNamingTheMember() {
        String longTag = "x".repeat(LabelRules.MAX_TAG_BYTES + 1);
        String tooMany = IntStream.range(0, 33).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"owner\":\"x\"}", "unknown member owner"),
                Map.entry("{\"tags\":{\"replace\":[]}}", "unknown member tags.replace"),
                Map.entry("{\"tags\":[\"a\"]}", "tags must be"),
                Map.entry("{\"tags\":{\"add\":\"a\"}}", "tags.add must be an array"),
                Map.entry("{\"tags\":{\"add\":[1]}}", "tags.add must be a string"),
                Map.entry("{\"tags\":{\"add\":[\"has space\"]}}", "may hold only"),
                Map.entry("{\"tags\":{\"add\":[\"\"]}}", "must not be empty"),
                Map.entry("{\"tags\":{\"add\":[\"" + longTag + "\"]}}", "at most 128"),
                Map.entry("{\"tags\":{\"set\":[" + tooMany + "]}}", "at most 32"),
                Map.entry("{\"tags\":{\"set\":[\"a\"],\"add\":[\"b\"]}}", "cannot be combined"),
                Map.entry("{\"contentType\":\"not a type\"}", "not a media type"),
                Map.entry("{\"contentType\":\"text/\"}", "not a media type"),
                Map.entry("{\"access\":\"world\"}", "access must be"),
                Map.entry("{\"access\":true}", "access must be a string"),
                Map.entry("{\"alias\":\"\"}", "must not be empty"),
                Map.entry("{}", "changes nothing"),
                Map.entry("[]", "must be a JSON object"));
        int checked = 0;
        for (var c : cases.entrySet()) {
            StoreException e = assertThrows(StoreException.class, () -> parse(c.getKey()), c.getKey());
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " → " + e.getMessage());
            checked++;
        }
        assertEquals(17, checked);
    }

    @Test
    void anOverwriteKeepsTagsAliasAndAccessButNotTheContentType() {
        assertEquals(new ObjectLabels(CURRENT.tags(), "alias-1", null, Access.PUBLIC), LabelRules.keptOnOverwrite(CURRENT));
        assertEquals(ObjectLabels.NONE, LabelRules.keptOnOverwrite(null));
    }

    @Test
    void mediaTypesWithParametersAreAccepted() {
        for (String type : new String[] {"application/json", "text/plain;charset=utf-8", "multipart/form-data; boundary=\"a b\"",
                "application/vnd.api+json"}) {
            assertEquals(type, LabelRules.contentType(type));
        }
    }

    @Test
    void parsedBodyKeepsUnicodeTags() {
        JsonNode json = parse("{\"tags\":{\"add\":[\"проект=альфа\"]}}").toJson();
        assertEquals("проект=альфа", json.get("tags").get("add").get(0).asText());
    }
}
