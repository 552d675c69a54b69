package io.hybridstore.common.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The values of a document's indexed hot fields as the record keeps them: text, one canonical
 * form per value, so that equal values make equal index entries. A string is itself, a number its
 * plain decimal without trailing zeros ({@code 1.50} and {@code 1.5} are one value), a boolean
 * {@code true} or {@code false}. Objects, arrays, nulls and strings longer than
 * {@value #MAX_VALUE_LENGTH} characters are not indexed (an index key must stay small).
 */
public final class IndexedFields {

    public static final int MAX_VALUE_LENGTH = 256;
    /** Indexed fields one deployment may declare: each costs up to four operations per write's transaction. */
    public static final int MAX_FIELDS = 8;

    private IndexedFields() {
    }

    /** The indexed values of {@code document}'s top-level fields named in {@code indexed}. */
    public static SortedMap<String, String> extract(JsonNode document, Collection<String> indexed) {
        SortedMap<String, String> values = new TreeMap<>();
        for (String name : indexed) {
            String text = canonical(document.get(name));
            if (text != null) {
                values.put(name, text);
            }
        }
        return values;
    }

    /** The canonical text of a scalar, or null when the node is not indexable. */
    static String canonical(JsonNode node) {
        if (node == null) {
            return null;
        }
        String text;
        if (node.isNumber()) {
            text = canonicalNumber(node.decimalValue());
        } else if (node.isTextual()) {
            text = node.textValue();
        } else if (node.isBoolean()) {
            text = Boolean.toString(node.booleanValue());
        } else {
            return null;
        }
        return text.length() > MAX_VALUE_LENGTH ? null : text;
    }

    /** A number's canonical text; also how a filter's value is put before comparing it to the records'. */
    public static String canonicalNumber(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        // Plain notation, but not for absurd exponents (1e999 would be a thousand digits).
        return Math.abs(stripped.scale()) > 64 ? stripped.toString() : stripped.toPlainString();
    }

    /** The value as a number, or null when its text is not one. */
    public static BigDecimal number(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        char first = text.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return null; // most strings: no exception thrown and caught per record
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
