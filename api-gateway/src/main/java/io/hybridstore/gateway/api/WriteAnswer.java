package io.hybridstore.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hybridstore.common.model.JsonBuffers;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.gateway.write.WriteResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The answer to a write or a delete, as {@code POST /write} and {@code DELETE /objects/{key}} send it:
 * 200 clean (or deleted, or superseded by a newer write); 202 readable but with copies missing
 * (dirty) or still being written (in_progress), listed under "missing". The body is written field by
 * field, in the order the resource's map once had, with no serializer looked up per request.
 */
final class WriteAnswer {

    private static final JsonFactory JSON = JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build();

    private WriteAnswer() {
    }

    static boolean accepted(WriteResult result) {
        return result.committed() && (result.state() == ObjectState.DIRTY || result.state() == ObjectState.IN_PROGRESS);
    }

    static int status(WriteResult result) {
        return accepted(result) ? 202 : 200;
    }

    /** {@code {"key", "version", "state", "dedup" (when some part was reused), "missing" (on a 202)}}. */
    static byte[] json(WriteResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("key", result.key());
            json.writeStringField("version", result.version().toString());
            json.writeStringField("state", result.committed() ? result.state().name().toLowerCase() : "superseded");
            if (!result.dedup().isEmpty()) {
                json.writeArrayFieldStart("dedup");
                for (String part : result.dedup()) {
                    json.writeString(part);
                }
                json.writeEndArray();
            }
            if (accepted(result)) {
                json.writeArrayFieldStart("missing");
                for (WriteResult.Missing missing : result.missing()) {
                    json.writeStartObject();
                    json.writeStringField("part", missing.part());
                    json.writeNumberField("index", missing.index());
                    json.writeStringField("node", missing.node());
                    json.writeStringField("error", missing.error());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }
}
