package io.hybridstore.common.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.spi.ChunkStore;
import io.hybridstore.common.spi.MetadataStore;
import io.hybridstore.common.spi.NodeDirectory;
import io.hybridstore.common.spi.MultipartStore;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The repair path's warm-up: once, bounded by rounds and by time, on its own made-up cluster. */
class RepairWarmUpTest {

    private static final Duration GENEROUS = Duration.ofMinutes(5);

    @Test
    void aRoundHealsTheDirtyRecordsAndTheGoneNodesCopiesAndCommitsEachThroughTheCodec() throws Exception {
        RepairWarmUp.Result r = new RepairWarmUp(FakeCluster.settings(), 40, 1, GENEROUS).runOnce();
        assertEquals(1, r.rounds());
        // 40 documents of 9 copies on 8 nodes: node-3 held copies of most; every fourth missed a shard.
        assertTrue(r.repairs() >= 30, "copies repaired: " + r.repairs());
        assertTrue(r.recordsCommitted() >= 30, "records committed, each encoded and decoded: " + r.recordsCommitted());
    }

    @Test
    void itRunsOnceThenAnswersNull() throws Exception {
        RepairWarmUp warmUp = new RepairWarmUp(FakeCluster.settings(), 10, 1, GENEROUS);
        assertNotNull(warmUp.runOnce());
        assertNull(warmUp.runOnce(), "a second term in the same JVM: its code is compiled already");
    }

    @Test
    void itStopsAtItsRounds() throws Exception {
        assertEquals(3, new RepairWarmUp(FakeCluster.settings(), 10, 3, GENEROUS).runOnce().rounds());
    }

    @Test
    void itStopsAtItsTimeBudgetBeforeARoundAndWithinOne() throws Exception {
        assertEquals(0, new RepairWarmUp(FakeCluster.settings(), 10, 100, Duration.ZERO).runOnce().rounds(), "no budget: no round");
        // A clock that moves 1 s at every look: the budget of 5 s ends inside the first round, whose pass stops there.
        AtomicLong now = new AtomicLong();
        RepairWarmUp.Result r = new RepairWarmUp(FakeCluster.settings(), 200, 100, Duration.ofSeconds(5),
                () -> now.addAndGet(1_000_000_000L)).runOnce();
        assertEquals(1, r.rounds(), "the round begun before the budget ran out, and no other");
        assertTrue(r.recordsCommitted() < 200, "the pass stopped when the budget ended: " + r.recordsCommitted());
    }

    /** It cannot touch the cluster's store: none can be given to it. */
    @Test
    void itIsGivenNoStore() {
        List<Class<?>> stores = List.of(MetadataStore.class, ChunkStore.class, NodeDirectory.class, HealerStateStore.class,
                MultipartStore.class);
        int constructors = 0;
        for (Constructor<?> c : RepairWarmUp.class.getDeclaredConstructors()) {
            for (Class<?> parameter : c.getParameterTypes()) {
                assertTrue(stores.stream().noneMatch(s -> s.isAssignableFrom(parameter)), c + " takes " + parameter);
            }
            constructors++;
        }
        assertEquals(2, constructors, "the constructors checked");
    }
}
