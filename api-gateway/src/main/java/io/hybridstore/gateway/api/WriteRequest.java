package io.hybridstore.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.split.CanonicalJson;
import io.hybridstore.common.write.ObjectKeys;

/**
 * The body of {@code POST /write}, {@code {"key": "...", "value": {...}}}, checked: the key valid, the
 * value an object (exact numbers, no duplicate fields). The REST resource and the document route both read it here.
 */
record WriteRequest(String key, ObjectNode value) {

    /** @throws StoreException BAD_REQUEST for anything but a valid key and an object value */
    static WriteRequest parse(byte[] body) {
        JsonNode request = CanonicalJson.parse(body);
        if (!request.isObject() || !request.path("key").isTextual()) {
            throw StoreException.badRequest("body must be {\"key\": \"...\", \"value\": {...}}");
        }
        if (!(request.get("value") instanceof ObjectNode value)) {
            throw StoreException.badRequest("value must be a JSON object");
        }
        return new WriteRequest(ObjectKeys.validate(request.get("key").textValue()), value);
    }

    /** A body over gateway.max-body-size: declared, or found so as it was read. */
    static StoreException tooLarge(long size, long limit) {
        return new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, "body of " + size + " bytes exceeds the limit of " + limit);
    }
}
