package io.hybridstore.common.split;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A document's answer spliced from its stored parts' bytes: each top-level field's {@code "name":value}
 * copied from the part that holds it, in written order. The same bytes as parsing both parts into
 * trees, {@link HotColdSplit#merge merging} them and writing the tree with {@link CanonicalJson#mapper()},
 * without the trees. Why: at 32 readers that parse, merge and write was the largest single item of the
 * gateway's CPU per read (session 30, h34-gw: the answer's write 7.6 % of its read samples, the parts'
 * parse 4.5 %; most of it decoding and escaping again a 3-KB string that is copied here as it is).
 *
 * <p>Why the bytes agree: a stored part is {@link CanonicalJson#toBytes} of its fields, compact, each
 * value written by the same generator the answer's mapper uses (the same escaping, numbers as parsed);
 * a value's keys are already in canonical order, the order its parse would keep. Only the top level
 * differs (canonical order in a part, written order in the answer), and that is what the splice
 * rearranges. Parts whose top level is not compact (whitespace around a name, a colon or a comma) are
 * not spliced: {@link #merge} answers null and the caller takes the tree path.
 */
public final class PartSplice {

    private PartSplice() {
    }

    /**
     * The answer's bytes for a document of {@code fieldOrder} whose stored parts are {@code hot} and
     * {@code cold} (either null: not stored), or null when a part is not compact (then merge trees).
     * A field in neither part, a part that is not a JSON object or holds a key twice: CORRUPT, as
     * {@link HotColdSplit#merge} and {@link CanonicalJson#parseStoredObject} say.
     */
    public static byte[] merge(List<String> fieldOrder, byte[] hot, byte[] cold) {
        Map<String, int[]> hotFields = hot == null ? Map.of() : fields(hot);
        Map<String, int[]> coldFields = cold == null ? Map.of() : fields(cold);
        if (hotFields == null || coldFields == null) {
            return null;
        }
        int n = fieldOrder.size();
        byte[][] sources = new byte[n][];
        int[][] ranges = new int[n][];
        int length = 2 + Math.max(0, n - 1); // the braces and the commas
        for (int i = 0; i < n; i++) {
            String name = fieldOrder.get(i);
            int[] range = hotFields.get(name);
            sources[i] = hot;
            if (range == null) {
                range = coldFields.get(name);
                sources[i] = cold;
            }
            if (range == null) {
                throw new StoreException(ErrorCode.CORRUPT, "field '" + name + "' is in neither stored part");
            }
            ranges[i] = range;
            length += range[1] - range[0];
        }
        byte[] answer = new byte[length];
        int at = 0;
        answer[at++] = '{';
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                answer[at++] = ',';
            }
            int size = ranges[i][1] - ranges[i][0];
            System.arraycopy(sources[i], ranges[i][0], answer, at, size);
            at += size;
        }
        answer[at] = '}';
        return answer;
    }

    /**
     * Each top-level field of {@code part} by name: the range [start, end) of its {@code "name":value};
     * null when the top level is not compact. Values are skipped, not decoded (a string's characters are
     * only scanned for its closing quote).
     */
    static Map<String, int[]> fields(byte[] part) {
        Map<String, int[]> fields = new HashMap<>();
        try (JsonParser parser = CanonicalJson.mapper().createParser(part)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new StoreException(ErrorCode.CORRUPT, "stored part is not a JSON object");
            }
            if (offset(parser) != 0) {
                return null;
            }
            String name = null;
            int start = 1;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                int at = offset(parser);
                boolean follows = name == null ? at == 1 : put(fields, name, start, at - 1, part);
                if (!follows || part[at] != '"') {
                    return null;
                }
                name = parser.currentName();
                start = at;
                parser.nextToken();
                int value = offset(parser);
                if (part[value - 1] != ':' || part[value - 2] != '"') {
                    return null;
                }
                parser.skipChildren();
            }
            if (token != JsonToken.END_OBJECT) {
                throw new StoreException(ErrorCode.CORRUPT, "stored part is not valid JSON");
            }
            int end = offset(parser);
            if (end != part.length - 1 || name != null && !put(fields, name, start, end, part)) {
                return null;
            }
        } catch (IOException e) {
            throw new StoreException(ErrorCode.CORRUPT, "stored part is not valid JSON", e);
        }
        return fields;
    }

    /**
     * Records {@code name}'s field as ending just before {@code separator} (its comma or the closing
     * brace); false when whitespace comes before the separator (a value never ends in whitespace).
     */
    private static boolean put(Map<String, int[]> fields, String name, int start, int separator, byte[] part) {
        byte expected = separator == part.length - 1 ? (byte) '}' : (byte) ',';
        if (separator <= start || part[separator] != expected || whitespace(part[separator - 1])) {
            return false;
        }
        fields.put(name, new int[] {start, separator});
        return true;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Where the parser's current token starts in the part. */
    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getByteOffset();
    }
}
