package io.hybridstore.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.split.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * The documents the clients write: each names its key, writer and attempt number (so two attempts
 * never write the same document) and carries a few hot fields and one cold blob of a seeded size.
 */
public final class Documents {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final int minBlob;
    private final int maxBlob;

    /** @param minBlob and @param maxBlob bound the cold field's length in characters (above 256: cold) */
    public Documents(int minBlob, int maxBlob) {
        if (minBlob <= 256 || maxBlob < minBlob) {
            throw new IllegalArgumentException("blob sizes must be above the 256-byte hot limit: " + minBlob + ".." + maxBlob);
        }
        this.minBlob = minBlob;
        this.maxBlob = maxBlob;
    }

    /** Attempt {@code seq} of {@code key} by {@code writer}; the random source decides the blob. */
    public ObjectNode document(String key, String writer, int seq, SplittableRandom random) {
        ObjectNode doc = CanonicalJson.mapper().createObjectNode();
        doc.put("key", key);
        doc.put("writer", writer);
        doc.put("seq", seq);
        doc.put("score", BigDecimal.valueOf(random.nextInt(1_000_000), 2)); // 1.50 must read back as 1.50
        int length = minBlob + random.nextInt(maxBlob - minBlob + 1);
        StringBuilder blob = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            blob.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        doc.put("blob", blob.toString());
        return doc;
    }

    /** A POST /write body and the digest of the document in it. */
    public record Request(byte[] body, String digest) {
    }

    /** The POST /write body for a document; the digest is taken of the body parsed back, as the gateway parses it. */
    public static Request writeRequest(String key, ObjectNode document) {
        ObjectNode request = CanonicalJson.mapper().createObjectNode();
        request.put("key", key);
        request.set("value", document);
        byte[] body = bytes(request);
        return new Request(body, digest(CanonicalJson.parse(body).get("value")));
    }

    /**
     * SHA-256 of a document as the exact-number mapper writes it, field order included: what the
     * client sent and what a read served compare equal exactly when they are the same document.
     */
    public static String digest(JsonNode document) {
        return CanonicalJson.sha256Hex(bytes(document));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return CanonicalJson.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
