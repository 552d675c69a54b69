package io.hybridstore.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IndexEntriesTest {

    @Test
    void aDocumentsEntriesKnownAnswer() {
        ObjectMetadata doc = Records.document("u/1", 7, ObjectState.DIRTY, 300, 1000, Set.of("red", "a/b"),
                Map.of("owner", "ada", "score", "2.5"));
        assertEquals(List.of(
                "field/owner/ada/u/1",
                "field/score/2.5/u/1",
                "kind/document/u/1",
                "modified/80000000000003e8/u/1",
                "num/score/c004000000000000/u/1",
                "size/800000000000012c/u/1",
                "state/dirty/u/1",
                "tag/a%2Fb/u/1",
                "tag/red/u/1"), List.copyOf(IndexEntries.of(doc)), "a JSON document has no type entry: its kind entry stands for it");
    }

    @Test
    void aNewCleanDocumentWritesThreeEntriesOnly() {
        ObjectMetadata doc = Records.document("k", 1, ObjectState.CLEAN, 10, 1000, Set.of(), Map.of());
        assertEquals(List.of("kind/document/k", "modified/80000000000003e8/k", "size/800000000000000a/k"),
                List.copyOf(IndexEntries.of(doc)), "no state entry for clean, no type entry for JSON");
        assertEquals(IndexEntries.of(doc), IndexEntries.change(null, doc).puts());
        assertEquals(Set.of(), IndexEntries.change(null, doc).deletes());
    }

    @Test
    void theSparseValuesAreCleanAndTheJsonDocument() {
        assertTrue(IndexEntries.stateIndexed("dirty"));
        assertTrue(IndexEntries.stateIndexed("lost"));
        assertTrue(IndexEntries.stateIndexed("in_progress"));
        assertEquals(false, IndexEntries.stateIndexed("clean"));
        assertTrue(IndexEntries.typeImplied("document", "application/json"));
        assertEquals(false, IndexEntries.typeImplied("blob", "application/json"), "a JSON blob keeps its type entry");
        assertEquals(false, IndexEntries.typeImplied("document", "text/csv"), "a document labelled otherwise keeps it");
        ObjectMetadata labelled = Records.document("k", Set.of()).withLabels(new io.hybridstore.common.model.ObjectLabels(
                new java.util.TreeSet<>(), null, "text/csv", null));
        assertTrue(IndexEntries.of(labelled).contains("type/text%2Fcsv/k"), IndexEntries.of(labelled).toString());
        assertTrue(IndexEntries.retired("state/clean/k"));
        assertTrue(IndexEntries.retired("type/application%2Fjson/k"));
        assertEquals(false, IndexEntries.retired("state/clean2/k"), "a value that only starts alike is another value");
        assertEquals(false, IndexEntries.retired("kind/document/k"));
    }

    @Test
    void aBlobIsIndexedByItsContentTypeAndLength() {
        Set<String> entries = IndexEntries.of(Records.blob("b", 1, "image/jpeg", 5, 9));
        assertTrue(entries.contains("kind/blob/b"));
        assertTrue(entries.contains("type/image%2Fjpeg/b"));
        assertTrue(entries.contains("size/8000000000000005/b"));
        assertEquals(4, entries.size(), "kind, type, size, modified: a clean blob has no state entry");
    }

    @Test
    void aTombstoneHasNoEntriesSoADeleteRemovesThemAll() {
        ObjectMetadata doc = Records.document("k", Set.of("red"));
        ObjectMetadata tombstone = ObjectMetadata.tombstone("k", new Version(0, 2), 1, 2);
        assertEquals(Set.of(), IndexEntries.of(tombstone));
        IndexEntries.Change delete = IndexEntries.change(doc, tombstone);
        assertEquals(IndexEntries.of(doc), delete.deletes());
        assertEquals(Set.of(), delete.puts());
    }

    @Test
    void anOverwriteChangesOnlyWhatDiffers() {
        ObjectMetadata before = Records.document("k", 1, ObjectState.IN_PROGRESS, 10, 1000, Set.of("red", "blue"), Map.of());
        ObjectMetadata after = Records.document("k", 1, ObjectState.CLEAN, 10, 1000, Set.of("red", "green"), Map.of());
        IndexEntries.Change change = IndexEntries.change(before, after);
        assertEquals(Set.of("tag/green/k"), change.puts(), "clean has no entry to put");
        assertEquals(Set.of("state/in_progress/k", "tag/blue/k"), change.deletes());
        assertEquals(3, change.operations());
        assertEquals(IndexEntries.of(after), IndexEntries.change(null, after).puts(), "a first write puts everything");
    }

    @Test
    void moreTagsThanTheCapAreABadRequest() {
        Set<String> tags = IntStream.range(0, IndexEntries.MAX_TAGS + 1).mapToObj(i -> "t" + i).collect(Collectors.toSet());
        StoreException e = assertThrows(StoreException.class, () -> IndexEntries.of(Records.document("k", tags)));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        tags.remove("t0");
        assertEquals(3 + IndexEntries.MAX_TAGS, IndexEntries.of(Records.document("k", tags)).size(),
                "at the cap: a clean JSON document's 3 fixed entries and one per tag");
    }

    @Test
    void indexedFieldsTakeScalarsInOneCanonicalForm() throws Exception {
        var doc = new ObjectMapper().readTree("{\"a\":1.50,\"b\":\"x\",\"c\":true,\"d\":{\"e\":1},\"f\":null,\"g\":[1],"
                + "\"h\":100,\"i\":-0.0}");
        assertEquals(Map.of("a", "1.5", "b", "x", "c", "true", "h", "100", "i", "0"),
                IndexedFields.extract(doc, List.of("a", "b", "c", "d", "f", "g", "h", "i", "missing")));
    }
}
