package io.hybridstore.common.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;

/**
 * The one JSON mapping of the model records as stored in etcd and sent between processes.
 * Unknown fields are ignored so a newer writer's extra fields do not break an older reader during
 * a rolling upgrade.
 */
public final class ModelJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelJson() {
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new StoreException(ErrorCode.INTERNAL, "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            // Stored metadata that does not parse is corruption of the source of truth: say so loudly.
            throw new StoreException(ErrorCode.CORRUPT, "cannot parse stored " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
