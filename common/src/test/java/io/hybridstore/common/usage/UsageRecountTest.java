package io.hybridstore.common.usage;

import static io.hybridstore.common.usage.UsageDeltaTest.DOC_CLEAN_BYTES;
import static io.hybridstore.common.usage.UsageDeltaTest.DOC_CLEAN_OBJECTS;
import static io.hybridstore.common.usage.UsageDeltaTest.DOC_PHYSICAL;
import static io.hybridstore.common.usage.UsageDeltaTest.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The recount's corrections by hand-worked answers: each document here is 1 object, 57 bytes, 120 physical bytes. */
class UsageRecountTest {

    private static final UsageCounts ONE_DOC = counts(1);

    private static UsageCounts counts(long docs) {
        return new UsageCounts(new TreeMap<>(Map.of(DOC_CLEAN_OBJECTS, docs, DOC_CLEAN_BYTES, 57 * docs, DOC_PHYSICAL, 120 * docs)));
    }

    private static ObjectMetadata clean(String key, String hot) {
        return doc(key, 1, ObjectState.CLEAN, hot, 20, "c-" + hot);
    }

    @Test
    void anUncountedRecordIsAddedAndACountWithoutARecordTakenAwayEachAtItsOwnPrefix() {
        UsageRecount recount = new UsageRecount("a/");
        recount.add(clean("a/x/1", "h1")); // counted: folded into the totals
        recount.add(clean("a/x/2", "h2")); // counted: its delta not folded yet
        recount.add(clean("a/y", "h3")); // written before the counters: never counted
        // "a/old/" counts an object no record holds any more (say, deleted while its delta was lost).
        Map<String, UsageCounts> totals = Map.of("a/", counts(2), "a/x/", ONE_DOC, "a/old/", ONE_DOC);
        Map<String, UsageCounts> stored = recount.stored(totals, List.of(UsageDelta.between(null, clean("a/x/2", "h2")),
                UsageDelta.between(null, clean("b/z", "h4")))); // b/z is not under "a/" and is left out

        assertEquals(Map.of("a/", counts(3), "a/x/", counts(2), "a/old/", ONE_DOC), stored);
        assertEquals(Map.of("a/", counts(3), "a/x/", counts(2)), recount.counted());
        assertEquals(List.of(new UsageDelta("a/", ONE_DOC, List.of()), new UsageDelta("a/old/", UsageCounts.ZERO.minus(ONE_DOC), List.of())),
                recount.corrections(stored));
        assertEquals(3, recount.records());
    }

    @Test
    void foldedIntoTheStoredCountersTheCorrectionsGiveWhatTheRecordsSayAtEveryLevel() {
        UsageRecount recount = new UsageRecount("");
        for (String key : List.of("p/q/1", "p/q/2", "p/r/1", "p/3", "s/t/1", "top")) {
            recount.add(clean(key, "h-" + key));
        }
        recount.add(ObjectMetadata.tombstone("p/q/gone", new io.hybridstore.common.model.Version(0, 9), 1, 2)); // counts nothing
        // Only p/q/1 and top were ever counted; the root also holds a dedup saving the recount must not touch.
        Map<String, UsageCounts> totals = Map.of("", counts(2).with(UsageCounts.DEDUP_SAVED, 500), "p/", ONE_DOC, "p/q/", ONE_DOC);
        Map<String, UsageCounts> stored = recount.stored(totals, List.of());
        List<UsageDelta> corrections = recount.corrections(stored);

        UsageFold fold = new UsageFold(totals, Map.of()).add(corrections);
        assertEquals(counts(6).with(UsageCounts.DEDUP_SAVED, 500), fold.totals().get(""));
        assertEquals(counts(4), fold.totals().get("p/"));
        assertEquals(counts(2), fold.totals().get("p/q/"));
        assertEquals(ONE_DOC, fold.totals().get("p/r/"));
        assertEquals(ONE_DOC, fold.totals().get("s/"));
        assertEquals(ONE_DOC, fold.totals().get("s/t/"));
        assertEquals(List.of("p/", "p/q/", "p/r/", "s/t/"), corrections.stream().map(UsageDelta::key).toList(),
                "one delta per counted prefix whose own part was off");
        assertEquals(7, recount.records());
    }

    @Test
    void exactCountersNeedNoCorrection() {
        UsageRecount recount = new UsageRecount("a/");
        recount.add(clean("a/1", "h1"));
        assertEquals(List.of(), recount.corrections(recount.stored(Map.of("a/", ONE_DOC), List.of())));
    }

    @Test
    void onlyCountedPrefixesAndTheirRecordsAreRecounted() {
        assertThrows(IllegalArgumentException.class, () -> new UsageRecount("a"));
        assertThrows(IllegalArgumentException.class, () -> new UsageRecount("a/b/c/"));
        assertThrows(IllegalArgumentException.class, () -> new UsageRecount("a/").add(clean("b/1", "h")));
    }
}
