package io.hybridstore.common.console;

import static io.hybridstore.common.console.Records.blob;
import static io.hybridstore.common.console.Records.document;
import static io.hybridstore.common.console.Records.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.console.RedundancyCounts.Tally;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedundancyModelTest {

    private static final Set<String> ALL = Set.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8");
    private static final String[] HOT = nodes("n1", "n2", "n3");
    private static final String[] COLD = nodes("n1", "n2", "n3", "n4", "n5", "n6");

    private final RedundancyModel model = new RedundancyModel();

    private static Set<String> allBut(String... dead) {
        Set<String> live = new java.util.HashSet<>(ALL);
        List.of(dead).forEach(live::remove);
        return live;
    }

    @Test
    void aCleanRecordWithACopyOnADeadNodeCountsAsDegradedAsSoonAsTheLeaseIsGone() {
        model.setLive(ALL);
        model.put(document("a", HOT, COLD));
        model.put(document("b", nodes("n4", "n5", "n6"), null));
        assertEquals(new Tally(2, 0, 0, 0), model.counts().overall());

        assertTrue(model.setLive(allBut("n1")));

        // "a" still says CLEAN, but its replica 0 and shard 0 sit on n1; "b" has nothing there.
        RedundancyCounts counts = model.counts();
        assertEquals(new Tally(1, 1, 0, 0), counts.overall());
        assertEquals(new Tally(1, 1, 0, 0), counts.byKind().get(PartKind.HOT));
        assertEquals(new Tally(0, 1, 0, 0), counts.byKind().get(PartKind.COLD));
        assertEquals(Tally.ZERO, counts.byKind().get(PartKind.STRIPE));
    }

    @Test
    void missingTwoStaysReadableAndOneMoreIsLost() {
        model.setLive(ALL);
        model.put(document("a", HOT, COLD));

        model.setLive(allBut("n1", "n2"));
        assertEquals(new Tally(0, 0, 1, 0), model.counts().overall());
        assertEquals(new Tally(0, 0, 1, 0), model.counts().byKind().get(PartKind.HOT)); // one replica left
        assertEquals(new Tally(0, 0, 1, 0), model.counts().byKind().get(PartKind.COLD)); // 4 of 6 shards left

        model.setLive(allBut("n1", "n2", "n3"));
        assertEquals(new Tally(0, 0, 0, 1), model.counts().byKind().get(PartKind.HOT)); // no replica
        assertEquals(new Tally(0, 0, 0, 1), model.counts().byKind().get(PartKind.COLD)); // 3 < k=4
        assertEquals(new Tally(0, 0, 0, 1), model.counts().overall());

        model.setLive(ALL); // the nodes come back: full again, and that is not a repair
        assertEquals(new Tally(1, 0, 0, 0), model.counts().overall());
        assertEquals(0, model.healed());
    }

    @Test
    void aBlobCountsOnceByItsWorstStripe() {
        model.setLive(ALL);
        model.put(blob("big", COLD, nodes("n3", "n4", "n5", "n6", "n7", "n8"), nodes("n2", "n3", "n4", "n5", "n7", "n8")));

        model.setLive(allBut("n1", "n6"));

        // stripe 0 misses two shards, stripe 1 one, stripe 2 one: the blob is one object at MISSING_2.
        assertEquals(new Tally(0, 0, 1, 0), model.counts().byKind().get(PartKind.STRIPE));
        assertEquals(new Tally(0, 0, 1, 0), model.counts().overall());
        assertEquals(0, model.counts().byKind().get(PartKind.HOT).total());
    }

    @Test
    void aRecordChangeRejudgesThatObjectAndCountsARepair() {
        model.setLive(allBut("n1"));
        model.put(document("a", HOT, COLD));
        assertEquals(new Tally(0, 1, 0, 0), model.counts().overall());

        // The healer moved replica 0 and shard 0 from n1 to n7.
        model.put(document("a", nodes("n7", "n2", "n3"), nodes("n7", "n2", "n3", "n4", "n5", "n6")));

        assertEquals(new Tally(1, 0, 0, 0), model.counts().overall());
        assertEquals(1, model.healed());
        assertEquals(1, model.size());
    }

    @Test
    void tombstonesAndRemovalsLeaveTheCounts() {
        model.setLive(ALL);
        model.put(document("a", HOT, COLD));
        model.put(document("b", HOT, null));
        model.put(ObjectMetadata.tombstone("a", new Version(0, 2), 1, 2));
        model.remove("b");
        model.remove("never-there");

        assertEquals(0, model.counts().overall().total());
        assertEquals(0, model.size());
    }

    @Test
    void unplacedCopiesFailedNodesAndLostRecordsCountAgainstRedundancy() {
        model.setLive(ALL);
        List<ChunkLocation> replicas = List.of(new ChunkLocation(0, "n1", "c", 1), new ChunkLocation(1, "n2", "c", 1),
                ChunkLocation.unplaced(2, "c"));
        model.put(new ObjectMetadata("unplaced", new Version(0, 1), ObjectState.DIRTY, List.of(), new HotPart("aa", 1, replicas),
                null, List.of(), List.of(), 1, 1));
        model.put(new ObjectMetadata("failed", new Version(0, 1), ObjectState.DIRTY, List.of(), new HotPart("aa", 1,
                Records.copies(HOT)), null, List.of(), List.of("n2", "n3"), 1, 1));
        model.put(document("marked", ObjectState.LOST, HOT, null));

        assertEquals(new Tally(0, 1, 1, 1), model.counts().overall());
    }

    @Test
    void aSecondObservationOfTheSameLiveSetChangesNothing() {
        model.setLive(ALL);
        assertFalse(model.setLive(Set.copyOf(ALL)));
        assertEquals(ALL, model.knownNodes());
    }

    @Test
    void rejudgingAHundredThousandDocumentsOnALivenessChangeIsCheap() {
        model.setLive(ALL);
        String[] ids = ALL.stream().sorted().toArray(String[]::new);
        int objects = 100_000;
        IntStream.range(0, objects).forEach(i -> model.put(document("k" + i,
                nodes(ids[i % 8], ids[(i + 1) % 8], ids[(i + 2) % 8]),
                nodes(ids[i % 8], ids[(i + 1) % 8], ids[(i + 2) % 8], ids[(i + 3) % 8], ids[(i + 4) % 8], ids[(i + 5) % 8]))));

        long start = System.nanoTime();
        model.setLive(allBut("n1"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        // n1 holds a copy of 6 objects in 8 (a part on 3 or 6 of 8 consecutive nodes): all those miss one.
        assertEquals(new Tally(objects / 8 * 2, objects / 8 * 6, 0, 0), model.counts().overall());
        System.out.printf("RedundancyModel: re-judged %d documents after a liveness change in %d ms%n", objects, millis);
        assertTrue(millis < 2_000); // a generous bound on a loaded 2-core machine; measured ≈ 10-30 ms
    }

    @Test
    void shortfallOrdersFromBestToWorst() {
        assertEquals(Shortfall.FULL, Shortfall.of(0, 2));
        assertEquals(Shortfall.MISSING_1, Shortfall.of(1, 2));
        assertEquals(Shortfall.MISSING_2, Shortfall.of(2, 2));
        assertEquals(Shortfall.LOST, Shortfall.of(3, 2));
        assertEquals(Shortfall.LOST, Shortfall.of(1, 0)); // a single replica gone
        assertEquals(Shortfall.MISSING_1, Shortfall.MISSING_1.worst(Shortfall.FULL));
        assertEquals(2, new ColdPart("x", 1, 4, 2, 1, Records.copies(COLD)).m());
    }
}
