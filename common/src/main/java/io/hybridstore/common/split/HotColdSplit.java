package io.hybridstore.common.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A document cut into its hot and cold top-level fields, plus the original field order so
 * {@link #merge} gives back the document as written (hot and cold are stored apart, in canonical
 * key order). A part with no fields is {@code null}: nothing is stored for it.
 *
 * @param fieldOrder every top-level field name, in written order
 * @param hot        hot fields, or null
 * @param cold       cold fields, or null
 */
public record HotColdSplit(List<String> fieldOrder, ObjectNode hot, ObjectNode cold) {

    public HotColdSplit {
        fieldOrder = List.copyOf(fieldOrder);
    }

    public static HotColdSplit split(ObjectNode document, SplitPolicy policy) {
        List<String> order = new ArrayList<>(document.size());
        ObjectNode hot = JsonNodeFactory.instance.objectNode();
        ObjectNode cold = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            order.add(field.getKey());
            ObjectNode target = policy.classify(field.getKey(), field.getValue()) == SplitPolicy.Temperature.HOT ? hot : cold;
            target.set(field.getKey(), field.getValue());
        }
        return new HotColdSplit(order, hot.isEmpty() ? null : hot, cold.isEmpty() ? null : cold);
    }

    /** Canonical bytes of the hot part, or null. */
    public byte[] hotBytes() {
        return hot == null ? null : CanonicalJson.toBytes(hot);
    }

    /** Canonical bytes of the cold part, or null. */
    public byte[] coldBytes() {
        return cold == null ? null : CanonicalJson.toBytes(cold);
    }

    /**
     * The document in written order. A field named in {@code fieldOrder} but found in neither part
     * means the stored parts do not belong to this metadata: CORRUPT, never a silently shorter document.
     */
    public static ObjectNode merge(List<String> fieldOrder, ObjectNode hot, ObjectNode cold) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        for (String name : fieldOrder) {
            JsonNode value = hot != null && hot.has(name) ? hot.get(name) : cold != null ? cold.get(name) : null;
            if (value == null) {
                throw new StoreException(ErrorCode.CORRUPT, "field '" + name + "' is in neither stored part");
            }
            document.set(name, value);
        }
        return document;
    }
}
