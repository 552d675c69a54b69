package io.hybridstore.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridstore.common.split.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DocumentsTest {
    private final Documents documents = new Documents(300, 2_000);

    @Test
    void theSameSeedWritesTheSameDocumentsAndEveryAttemptADifferentOne() {
        ObjectNode a = documents.document("k", "client-0", 3, new SplittableRandom(9));
        ObjectNode b = documents.document("k", "client-0", 3, new SplittableRandom(9));
        assertEquals(a, b);
        ObjectNode next = documents.document("k", "client-0", 4, new SplittableRandom(9));
        assertNotEquals(Documents.digest(a), Documents.digest(next), "seq is part of the document");
        int length = a.get("blob").textValue().length();
        assertTrue(length >= 300 && length <= 2_000, "cold: above the 256-byte hot limit");
    }

    @Test
    void theDigestOfTheRequestIsTheDigestOfTheDocumentAsServedBack() {
        ObjectNode doc = documents.document("k", "client-0", 0, new SplittableRandom(1));
        Documents.Request request = Documents.writeRequest("k", doc);
        // The gateway serves the document with the same exact-number mapper, fields in written order.
        byte[] served = CanonicalJson.mapper().createObjectNode().setAll(doc).toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(request.digest(), Documents.digest(CanonicalJson.parse(served)));
        assertTrue(doc.get("score").decimalValue().scale() == 2, "an exact decimal such as 1.50");
    }

    @Test
    void aDifferentFieldOrderIsADifferentDocument() {
        ObjectNode doc = documents.document("k", "client-0", 0, new SplittableRandom(1));
        ObjectNode reordered = CanonicalJson.mapper().createObjectNode();
        reordered.set("blob", doc.get("blob"));
        doc.fieldNames().forEachRemaining(f -> reordered.set(f, doc.get(f)));
        assertNotEquals(Documents.digest(doc), Documents.digest(reordered));
    }

    @Test
    void blobsMustBeCold() {
        assertThrows(IllegalArgumentException.class, () -> new Documents(100, 2_000));
    }
}
