package io.hybridstore.common.split;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.digest.Sha256;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.JsonBuffers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: object keys sorted by their UTF-16 code units (the JCS/RFC 8785 order), no
 * insignificant whitespace, numbers written as they were parsed. Equal documents give equal bytes,
 * which is what makes the SHA-256 of a part a content address (dedup, chunk ids).
 *
 * <p>Numbers are parsed as {@link java.math.BigDecimal} with exact scale so a value survives the
 * round trip through storage unchanged ({@code 1.10} stays {@code 1.10}, {@code 1e400} does not
 * overflow; the exponent form is normalised, {@code 1E+400}, and {@code -0.0} becomes {@code 0.0},
 * which BigDecimal cannot tell apart). Duplicate keys are rejected rather than silently resolved.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonBuffers.pool())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // Characters outside the BMP as 4 UTF-8 bytes, not as an escaped surrogate pair.
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private CanonicalJson() {
    }

    /** The shared mapper configured as above (exact numbers, strict duplicates). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a document; malformed JSON is a {@code BAD_REQUEST}. */
    public static JsonNode parse(byte[] json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw StoreException.badRequest("empty JSON document");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw StoreException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw StoreException.badRequest("malformed JSON: " + e.getMessage());
        }
    }

    /** Parses stored part bytes; failure here means the stored data is bad, not the request. */
    public static ObjectNode parseStoredObject(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new StoreException(ErrorCode.CORRUPT, "stored part is not valid JSON", e);
        }
        throw new StoreException(ErrorCode.CORRUPT, "stored part is not a JSON object");
    }

    public static byte[] toBytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            write(node, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    public static String sha256Hex(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    private static void write(JsonNode node, JsonGenerator gen) throws IOException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
            node.fields().forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey()); // String.compareTo = UTF-16 code unit order
            gen.writeStartObject();
            for (Map.Entry<String, JsonNode> field : fields) {
                gen.writeFieldName(field.getKey());
                write(field.getValue(), gen);
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode element : node) {
                write(element, gen);
            }
            gen.writeEndArray();
        } else {
            MAPPER.writeTree(gen, node);
        }
    }
}
