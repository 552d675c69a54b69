package io.hybridstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON mapper, made on first use: picocli loads every command class to build the help, and a
 * mapper made in their static initializers cost every run (even {@code --version}) Jackson's start-up.
 */
final class Json {
    private Json() {
    }

    private static final class Holder {
        // Numbers as written: a document's 1.10 read back and printed stays 1.10, as the gateway keeps it.
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }

    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** Indented, for a command's {@code --json} answer. */
    static String pretty(Object value) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One line, for the {@code watch --json} stream and errors. */
    static String line(Object value) {
        try {
            return mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
