package io.hybridstore.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.catalogue.IndexPlanner.Probe;
import io.hybridstore.common.catalogue.IndexPlanner.Span;
import io.hybridstore.common.catalogue.IndexPlanner.Values;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexPlannerTest {

    private static final Values RED = new Values(List.of("tag/red/"));
    private static final Values DOCUMENTS = new Values(List.of("kind/document/"));
    private static final Values OWNER = new Values(List.of("field/owner/ada/"));

    @Test
    void everyIndexedPredicateIsACandidate() {
        ListFilter filter = new ListFilter("blob", Set.of("dirty", "lost"), "image/png", new Range<>(10L, null), new Range<>(null, 99L),
                Set.of("a", "b"), Set.of("x", "y"), Map.of("owner", "ada"), Map.of("score", new Range<>(BigDecimal.ONE, BigDecimal.TEN)));
        assertEquals(List.of(
                new Values(List.of("kind/blob/")),
                new Values(List.of("state/dirty/", "state/lost/")),
                new Values(List.of("type/image%2Fpng/")),
                new Values(List.of("tag/a/")),
                new Values(List.of("tag/b/")),
                new Values(List.of("tag/x/", "tag/y/")),
                new Values(List.of("field/owner/ada/")),
                new Span("size/", "800000000000000a", null),
                new Span("modified/", null, "8000000000000063"),
                new Span("num/score/", "bff0000000000000", "c024000000000000")), IndexPlanner.candidates(filter));
        assertEquals(List.of(), IndexPlanner.candidates(ListFilter.ALL));
    }

    @Test
    void cleanHasNoSourceAndJsonIsFoundThroughTheDocumentsKind() {
        assertEquals(List.of(), IndexPlanner.candidates(states(Set.of("clean"))), "clean objects carry no state entry");
        assertEquals(List.of(), IndexPlanner.candidates(states(Set.of("clean", "dirty"))), "nor a set that takes clean among others");
        assertEquals(List.of(new Values(List.of("state/in_progress/"))), IndexPlanner.candidates(states(Set.of("in_progress"))));
        ListFilter json = new ListFilter(null, null, "application/json", null, null, null, null, null, null);
        assertEquals(List.of(new Values(List.of("type/application%2Fjson/", "kind/document/"))), IndexPlanner.candidates(json),
                "JSON blobs by their type entries, JSON documents by their kind entries");
        ListFilter csv = new ListFilter(null, null, "text/csv", null, null, null, null, null, null);
        assertEquals(List.of(new Values(List.of("type/text%2Fcsv/"))), IndexPlanner.candidates(csv));
    }

    private static ListFilter states(Set<String> states) {
        return new ListFilter(null, states, null, null, null, null, null, null, null);
    }

    @Test
    void aSourceIsCountedOnTheRecordsThatCarryItsEntries() {
        List<io.hybridstore.common.model.ObjectMetadata> records = List.of(
                Records.document("k1", Set.of("red")), Records.document("k2", Set.of("blue")), Records.document("k3", Set.of("red", "blue")),
                Records.blob("k4", 1, "image/png", 150, 0), Records.blob("k5", 2, "image/png", 5000, 0));
        assertEquals(2, IndexPlanner.carrying(RED, records));
        assertEquals(3, IndexPlanner.carrying(new Values(List.of("tag/red/", "tag/blue/")), records), "any of: a record counts once");
        assertEquals(0, IndexPlanner.carrying(OWNER, records));
        assertEquals(2, IndexPlanner.carrying(new Values(List.of("kind/blob/")), records));
        Span small = new Span("size/", IndexKeys.sortableLong(100), IndexKeys.sortableLong(200));
        assertEquals(1, IndexPlanner.carrying(small, records.subList(3, 5)), "a numeric range counts the records inside it");
        assertEquals(2, IndexPlanner.carrying(new Span("size/", IndexKeys.sortableLong(100), null), records.subList(3, 5)));
    }

    @Test
    void theSmallestCompleteSourceWins() {
        Probe red = new Probe(RED, true, 40, "z");
        Probe owner = new Probe(OWNER, true, 3, "c");
        Probe documents = new Probe(DOCUMENTS, false, 101, "zz");
        assertEquals(owner, IndexPlanner.choose(List.of(red, documents, owner)).orElseThrow());
    }

    @Test
    void withoutACompleteSourceTheOneReachingFurthestIsSparsest() {
        Probe documents = new Probe(DOCUMENTS, false, 101, "k000120");
        Probe red = new Probe(RED, false, 101, "k090000");
        Probe owner = new Probe(OWNER, false, 101, "k005000");
        assertEquals(red, IndexPlanner.choose(List.of(documents, red, owner)).orElseThrow());
    }

    @Test
    void aSourceHoldingMuchOfTheFirstRecordsIsWalkedPastForTheRecords() {
        assertTrue(IndexPlanner.walkRecords(50, 100), "half the records: reading them costs less than an entry and a get each");
        assertFalse(IndexPlanner.walkRecords(0, 100), "none of the first records: the index skips far ahead");
        assertFalse(IndexPlanner.walkRecords(40, 100), "at the threshold the index is still walked");
        assertTrue(IndexPlanner.walkRecords(41, 100));
    }

    @Test
    void aRecordWalkReadsWhatThePageStillNeedsAtTheRateSeen() {
        assertEquals(1001, IndexPlanner.recordsToRead(1000, 0, 0, 1001), "nothing seen yet: a batch");
        assertEquals(1001, IndexPlanner.recordsToRead(1000, 0, 100, 1001), "no match yet: a batch");
        // 45 of 100 matched, 955 to go: 955 x 100 / 45 = 2,122.2, a tenth more, plus one.
        assertEquals(2336, IndexPlanner.recordsToRead(955, 45, 100, 101));
        assertEquals(101, IndexPlanner.recordsToRead(3, 90, 100, 101), "never less than the batch");
    }

    @Test
    void noProbeMeansWalkingTheRecords() {
        assertTrue(IndexPlanner.choose(List.of()).isEmpty());
    }
}
