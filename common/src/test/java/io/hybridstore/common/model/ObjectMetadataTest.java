package io.hybridstore.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetadataTest {

    private static ColdPart part(String sha, String node) {
        return new ColdPart(sha, 10, 4, 2, 3, List.of(new ChunkLocation(0, node, "c-" + sha, 5)));
    }

    private static ObjectMetadata blob(List<ColdPart> stripes) {
        return new ObjectMetadata("photos/a.jpg", new Version(1, 7), ObjectState.CLEAN, List.of(), null, null, List.of(),
                List.of("node-9"), 1, 2, new BlobInfo("image/jpeg", 20, "ab", 10, "a.jpg", "u-1"), stripes);
    }

    @Test
    void aBlobRecordSurvivesTheStoredJsonForm() {
        ObjectMetadata original = blob(List.of(part("s0", "node-1"), part("s1", "node-2")));
        byte[] json = ModelJson.toBytes(original);
        assertEquals(original, ModelJson.fromBytes(json, ObjectMetadata.class));
        assertFalse(new String(json, StandardCharsets.UTF_8).contains("holdsBlob"), "helpers are not properties");
    }

    @Test
    void aStripeCheckedPerShardKeepsItsCrc32csInTheStoredFormAndADocumentsColdPartHasNone() {
        List<ChunkLocation> shards = List.of(new ChunkLocation(0, "node-1", "s-u-0-1-1-0", 5), new ChunkLocation(1, "node-2", "s-u-0-1-1-1", 5));
        ColdPart stripe = new ColdPart(null, 10, 1, 1, 10, shards, List.of("1a2b", "0"));
        ObjectMetadata original = blob(List.of(stripe));
        ObjectMetadata back = ModelJson.fromBytes(ModelJson.toBytes(original), ObjectMetadata.class);
        assertEquals(original, back);
        assertTrue(back.stripes().get(0).checkedPerShard());
        assertEquals(List.of("1a2b", "0"), back.stripes().get(0).withShards(shards.reversed()).shardCrc32c(), "moving copies keeps the checksums");
        String doc = new String(ModelJson.toBytes(part("x", "node-1")), StandardCharsets.UTF_8);
        assertFalse(doc.contains("shardCrc32c"), "a document's cold part is stored as before: " + doc);
        assertFalse(part("x", "node-1").checkedPerShard());
        assertThrows(IllegalArgumentException.class, () -> new ColdPart(null, 10, 1, 1, 10, shards), "no checksum at all");
        assertThrows(IllegalArgumentException.class, () -> new ColdPart(null, 10, 1, 1, 10, shards, List.of("1")), "one per shard");
    }

    @Test
    void aJsonDocumentRecordHasNoBlobAndItsColdPartIsItsOnlyCodedPart() {
        ObjectMetadata doc = new ObjectMetadata("k", new Version(0, 1), ObjectState.CLEAN, List.of("a"), null,
                part("x", "node-1"), List.of(), List.of(), 1, 1);
        assertFalse(doc.holdsBlob());
        assertNull(doc.blob());
        assertEquals(List.of(doc.cold()), doc.codedParts());
        assertEquals(doc, ModelJson.fromBytes(ModelJson.toBytes(doc), ObjectMetadata.class));
    }

    @Test
    void withCopiesPutsCodedPartsBackInOrderAndKeepsTheNotes() {
        ObjectMetadata original = blob(List.of(part("s0", "node-1"), part("s1", "node-2")));
        List<ColdPart> moved = List.of(part("s0", "node-3"), part("s1", "node-4"));
        ObjectMetadata copies = original.withCopies(null, moved, ObjectState.DIRTY);
        assertEquals(original.updatedAt(), copies.updatedAt(), "the object's modification time stays");
        assertEquals(moved, copies.stripes());
        assertEquals(List.of("node-9"), copies.failedNodes());
        assertEquals(original.blob(), copies.blob());
        ObjectMetadata complete = original.withParts(null, moved, ObjectState.CLEAN);
        assertTrue(complete.failedNodes().isEmpty());
        assertEquals(moved, complete.codedParts());
        assertThrows(IllegalArgumentException.class, () -> original.withCopies(null, moved.subList(0, 1), ObjectState.CLEAN));
    }

    @Test
    void stripeCountRoundsUp() {
        assertEquals(0, new BlobInfo("t", 5, "ab", 0, null, "u").stripeCount());
        assertEquals(1, new BlobInfo("t", 4, "ab", 4, null, "u").stripeCount());
        assertEquals(2, new BlobInfo("t", 5, "ab", 4, null, "u").stripeCount());
    }
}
