package io.hybridstore.common.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.usage.UsageCounts.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delta arithmetic and folding, by hand-computed answers: 3 replicas of the hot part, 4+2 shards of the cold one. */
class UsageDeltaTest {

    static final String DOC_CLEAN_OBJECTS = UsageCounts.objects(Kind.DOCUMENT, ObjectState.CLEAN);
    static final String DOC_CLEAN_BYTES = UsageCounts.bytes(Kind.DOCUMENT, ObjectState.CLEAN);
    static final String DOC_PHYSICAL = UsageCounts.physical(Kind.DOCUMENT);

    /** A document: hot part of {@code hot} bytes (3 replicas), cold part of 4 x 10 bytes (6 shards of 10). */
    static ObjectMetadata doc(String key, long offset, ObjectState state, String hotSha, long hot, String coldSha) {
        List<ChunkLocation> replicas = List.of(new ChunkLocation(0, "n1", "h", 1), new ChunkLocation(1, "n2", "h", 1),
                new ChunkLocation(2, "n3", "h", 1));
        List<ChunkLocation> shards = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shards.add(new ChunkLocation(i, "n" + i, "c", 1));
        }
        ColdPart cold = coldSha == null ? null : new ColdPart(coldSha, 37, 4, 2, 10, shards);
        return new ObjectMetadata(key, new Version(0, offset), state, List.of("a"), new HotPart(hotSha, hot, replicas), cold,
                List.of(), List.of(), 1, 1);
    }

    static ObjectMetadata blob(String key, long offset, long size) {
        List<ChunkLocation> shards = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shards.add(new ChunkLocation(i, "n" + i, "s", 1));
        }
        ColdPart stripe = new ColdPart(null, size, 4, 2, 100, shards, List.of("1", "2", "3", "4", "5", "6"));
        return new ObjectMetadata(key, new Version(0, offset), ObjectState.CLEAN, List.of(), null, null, List.of(), List.of(), 1, 1,
                new BlobInfo("image/png", size, "ab", 400, null, "u"), List.of(stripe));
    }

    @Test
    void aNewDocumentCountsOnceWithItsLogicalAndPhysicalBytesAndTwoContents() {
        UsageDelta delta = UsageDelta.between(null, doc("a/b/c", 1, ObjectState.CLEAN, "h1", 20, "c1"));
        assertEquals(Map.of(DOC_CLEAN_OBJECTS, 1L, DOC_CLEAN_BYTES, 57L, DOC_PHYSICAL, 3 * 20L + 6 * 10L), delta.counts().values());
        assertEquals(List.of(new ContentRef("c-c1-4-2", 60, 1), new ContentRef("h-h1", 60, 1)), delta.refs());
    }

    @Test
    void anOverwriteWithTheSameContentChangesNothingAndOneWithNewHotFieldsMovesOnlyTheHotReference() {
        ObjectMetadata v1 = doc("k", 1, ObjectState.CLEAN, "h1", 20, "c1");
        assertTrue(UsageDelta.between(v1, doc("k", 2, ObjectState.CLEAN, "h1", 20, "c1")).isEmpty());
        UsageDelta changed = UsageDelta.between(v1, doc("k", 2, ObjectState.CLEAN, "h2", 25, "c1"));
        assertEquals(Map.of(DOC_CLEAN_BYTES, 5L, DOC_PHYSICAL, 15L), changed.counts().values());
        assertEquals(List.of(new ContentRef("h-h1", 60, -1), new ContentRef("h-h2", 75, 1)), changed.refs());
    }

    @Test
    void aDeleteTakesEverythingBackAndATombstoneCountsNothing() {
        ObjectMetadata v1 = doc("k", 1, ObjectState.CLEAN, "h1", 20, "c1");
        ObjectMetadata tombstone = ObjectMetadata.tombstone("k", new Version(0, 2), 1, 2);
        UsageDelta delete = UsageDelta.between(v1, tombstone);
        assertEquals(UsageDelta.between(null, v1).counts(), UsageCounts.ZERO.minus(delete.counts()));
        assertEquals(2, delete.refs().stream().filter(r -> r.change() == -1).count());
        assertTrue(UsageDelta.between(tombstone, ObjectMetadata.tombstone("k", new Version(0, 3), 1, 3)).isEmpty());
    }

    @Test
    void theHealersRepairMovesAnObjectFromDirtyToCleanAndAMovedCopyChangesNothing() {
        ObjectMetadata dirty = doc("k", 1, ObjectState.DIRTY, "h1", 20, "c1");
        ObjectMetadata repaired = dirty.withState(ObjectState.CLEAN, 5);
        UsageDelta repair = UsageDelta.between(dirty, repaired);
        assertEquals(Map.of(DOC_CLEAN_OBJECTS, 1L, DOC_CLEAN_BYTES, 57L,
                UsageCounts.objects(Kind.DOCUMENT, ObjectState.DIRTY), -1L, UsageCounts.bytes(Kind.DOCUMENT, ObjectState.DIRTY), -57L),
                repair.counts().values());
        assertTrue(repair.refs().isEmpty());
        ObjectMetadata moved = repaired.withCopies(repaired.hot(), List.of(repaired.cold().withShards(
                repaired.cold().shards().stream().map(s -> s.movedTo("n9", 7)).toList())), ObjectState.CLEAN);
        assertTrue(UsageDelta.between(repaired, moved).isEmpty());
    }

    @Test
    void aBlobCountsItsSizeAndItsStripesButSharesNothing() {
        UsageDelta delta = UsageDelta.between(null, blob("p/x.png", 1, 350));
        assertEquals(Map.of(UsageCounts.objects(Kind.BLOB, ObjectState.CLEAN), 1L, UsageCounts.bytes(Kind.BLOB, ObjectState.CLEAN), 350L,
                UsageCounts.physical(Kind.BLOB), 600L), delta.counts().values());
        assertTrue(delta.refs().isEmpty());
    }

    @Test
    void foldingAddsToEveryCountedPrefixAndCountsDedupSavings() {
        ObjectMetadata a = doc("users/ada/1", 1, ObjectState.CLEAN, "h1", 20, "c1");
        ObjectMetadata b = doc("users/bob/1", 2, ObjectState.CLEAN, "h1", 20, "c1"); // the same content under another key
        ObjectMetadata c = doc("logs/1", 3, ObjectState.CLEAN, "h1", 20, "c2"); // shares the hot part only
        UsageFold fold = new UsageFold(Map.of(), Map.of()).add(List.of(
                UsageDelta.between(null, a), UsageDelta.between(null, b), UsageDelta.between(null, c)));
        assertEquals(3, fold.totals().get("").get(DOC_CLEAN_OBJECTS));
        assertEquals(2, fold.totals().get("users/").get(DOC_CLEAN_OBJECTS));
        assertEquals(1, fold.totals().get("users/ada/").get(DOC_CLEAN_OBJECTS));
        assertEquals(1, fold.totals().get("logs/").get(DOC_CLEAN_OBJECTS));
        assertEquals(5, fold.totals().size(), "'', users/, users/ada/, users/bob/, logs/: " + fold.totals().keySet());
        // b saves its hot (60) and cold (60) copies, c its hot copies (60).
        assertEquals(180, fold.totals().get("").get(UsageCounts.DEDUP_SAVED));
        assertEquals(0, fold.totals().get("users/").get(UsageCounts.DEDUP_SAVED), "dedup is counted for the root only");
        assertEquals(new UsageFold.References(3, 60), fold.references().get("h-h1"));

        // Deleting a gives back a's share (b still holds the content); deleting b too leaves c2's only reference.
        fold.add(UsageDelta.between(a, ObjectMetadata.tombstone(a.key(), new Version(0, 4), 1, 4)));
        assertEquals(60, fold.totals().get("").get(UsageCounts.DEDUP_SAVED));
        fold.add(UsageDelta.between(b, ObjectMetadata.tombstone(b.key(), new Version(0, 5), 1, 5)));
        assertEquals(0, fold.totals().get("").get(UsageCounts.DEDUP_SAVED));
        assertEquals(0, fold.references().get("c-c1-4-2").count(), "the stored entry goes");
        assertEquals(1, fold.totals().get("").get(DOC_CLEAN_OBJECTS));
        assertTrue(fold.totals().get("users/").isZero());
    }

    @Test
    void foldingInTwoBatchesGivesWhatOneBatchGives() {
        List<UsageDelta> deltas = List.of(UsageDelta.between(null, doc("a/1", 1, ObjectState.CLEAN, "h", 20, "c")),
                UsageDelta.between(null, doc("a/2", 2, ObjectState.CLEAN, "h", 20, "c")),
                UsageDelta.between(doc("a/1", 1, ObjectState.CLEAN, "h", 20, "c"), doc("a/1", 3, ObjectState.CLEAN, "x", 20, "c")));
        UsageFold once = new UsageFold(Map.of(), Map.of()).add(deltas);
        UsageFold first = new UsageFold(Map.of(), Map.of()).add(deltas.subList(0, 2));
        UsageFold second = new UsageFold(first.totals(), first.references()).add(deltas.subList(2, 3));
        assertEquals(once.totals(), second.totals());
        assertEquals(60, once.totals().get("").get(UsageCounts.DEDUP_SAVED), "the cold part stays shared; the hot one no longer");
    }

    @Test
    void aDeltaReadsBackFromItsStoredJson() {
        UsageDelta delta = UsageDelta.between(doc("a/1", 1, ObjectState.CLEAN, "h", 20, "c"), doc("a/1", 2, ObjectState.DIRTY, "x", 25, "c"));
        byte[] json = io.hybridstore.common.model.ModelJson.toBytes(delta);
        assertEquals(delta, io.hybridstore.common.model.ModelJson.fromBytes(json, UsageDelta.class));
        assertFalse(new String(json, java.nio.charset.StandardCharsets.UTF_8).contains("empty"), "helpers are not fields");
        UsageFold.References refs = new UsageFold.References(3, 60);
        assertEquals(refs, io.hybridstore.common.model.ModelJson.fromBytes(io.hybridstore.common.model.ModelJson.toBytes(refs),
                UsageFold.References.class));
    }

    @Test
    void countedPrefixesAreTheRootAndTwoLevels() {
        assertEquals(List.of("", "a/", "a/b/"), UsagePrefixes.of("a/b/c/d"));
        assertEquals(List.of(""), UsagePrefixes.of("plain"));
        assertTrue(UsagePrefixes.isCounted(""));
        assertTrue(UsagePrefixes.isCounted("a/b/"));
        assertFalse(UsagePrefixes.isCounted("a/b/c/"), "deeper than the depth");
        assertFalse(UsagePrefixes.isCounted("a/b"), "not '/'-ending");
    }
}
