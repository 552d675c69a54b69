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
    private static final Values CLEAN = new Values(List.of("state/clean/"));
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
    void theSmallestCompleteSourceWins() {
        Probe red = new Probe(RED, true, 40, "z");
        Probe owner = new Probe(OWNER, true, 3, "c");
        Probe clean = new Probe(CLEAN, false, 101, "zz");
        assertEquals(owner, IndexPlanner.choose(List.of(red, clean, owner)).orElseThrow());
    }

    @Test
    void withoutACompleteSourceTheOneReachingFurthestIsSparsest() {
        Probe clean = new Probe(CLEAN, false, 101, "k000120");
        Probe red = new Probe(RED, false, 101, "k090000");
        Probe owner = new Probe(OWNER, false, 101, "k005000");
        assertEquals(red, IndexPlanner.choose(List.of(clean, red, owner)).orElseThrow());
    }

    @Test
    void aDenseIndexIsWalkedPastForTheRecords() {
        Probe common = new Probe(RED, false, 1001, "k002002"); // 1,001 entries over 2,002 records: half of them
        assertTrue(IndexPlanner.walkRecords(common, 2002));
        Probe rare = new Probe(RED, false, 1001, "k900000"); // 1,001 entries over 900,000 records
        assertFalse(IndexPlanner.walkRecords(rare, 900_000));
        // At the threshold the index is still walked; just past it, the records are.
        assertFalse(IndexPlanner.walkRecords(new Probe(RED, false, 250, "k"), 1000));
        assertTrue(IndexPlanner.walkRecords(new Probe(RED, false, 251, "k"), 1000));
    }

    @Test
    void aCompleteSourceIsWalkedHoweverDense() {
        // Every record after the cursor carries the tag, but the probe read them all: one batch of gets at most.
        assertFalse(IndexPlanner.walkRecords(new Probe(RED, true, 40, "k040"), 40));
    }

    @Test
    void noProbeMeansWalkingTheRecords() {
        assertTrue(IndexPlanner.choose(List.of()).isEmpty());
    }
}
