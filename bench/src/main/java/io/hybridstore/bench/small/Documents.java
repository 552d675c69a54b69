package io.hybridstore.bench.small;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * The document: four small hot fields and one cold text field of {@code textBytes}
 * characters. The text is random per document: chunk ids are content addresses, so a text shared by
 * every document would make every write store the same cold shards again.
 */
final class Documents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final int textBytes;

    Documents(int textBytes) {
        this.textBytes = textBytes;
    }

    /** The {@code POST /write} body for {@code key}. */
    byte[] writeBody(String key, SplittableRandom random) {
        ObjectNode value = JSON.createObjectNode();
        value.put("name", "user " + random.nextInt(1_000_000));
        value.put("age", 18 + random.nextInt(80));
        value.put("active", random.nextBoolean());
        value.put("score", random.nextInt(100_000) / 100.0);
        char[] text = new char[textBytes];
        for (int i = 0; i < text.length; i++) {
            text[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        value.put("bio", new String(text));
        ObjectNode request = JSON.createObjectNode();
        request.put("key", key);
        request.set("value", value);
        try {
            return JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
