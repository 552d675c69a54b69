package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The heal bench's view of what is left to heal, on a fake clock: when it says "nothing left", and when not. */
class RedundancyViewTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RedundancyView view = new RedundancyView("node-3", nanos::get);

    @Test
    void fullRedundancyIsTheMomentTheLastAffectedRecordArrivedRepaired() {
        view.reset();
        for (int i = 0; i < 10; i++) {
            view.put(record("k" + i, ObjectState.CLEAN, i < 4 ? "node-3" : "node-1", 1));
        }
        view.synced();
        RedundancyView.Snapshot atExpiry = view.markExpiry();
        assertEquals(4, atExpiry.onVictim());
        assertEquals(10, atExpiry.records());
        assertNull(view.zeroSinceNanos());
        assertNull(view.firstMovedNanos());

        nanos.set(2_000);
        view.put(record("k0", ObjectState.CLEAN, "node-5", 1));
        assertEquals(2_000L, view.firstMovedNanos());
        nanos.set(3_000);
        view.put(record("new", ObjectState.IN_PROGRESS, "node-1", 0)); // the load's write in flight: not against redundancy
        for (int i = 1; i < 4; i++) {
            nanos.set(4_000 + i);
            view.put(record("k" + i, ObjectState.CLEAN, "node-6", 1));
        }
        assertEquals(4_003L, view.zeroSinceNanos(), "the arrival of the last repaired record, not when anyone looked");
        nanos.set(9_000);
        view.put(record("new", ObjectState.CLEAN, "node-1", 1));
        assertEquals(4_003L, view.zeroSinceNanos(), "a clean write after it changes nothing");
        assertEquals(2_000L, view.firstMovedNanos());
        RedundancyView.Snapshot now = view.snapshot();
        assertEquals(11, now.records());
        assertEquals(0, now.inFlight());
        assertTrue(now.fullRedundancy());
    }

    @Test
    void aDirtyLostOrUnstoredRecordKeepsItFromFullRedundancyButAWriteInFlightDoesNot() {
        view.reset();
        view.put(record("a", ObjectState.CLEAN, "node-3", 1));
        view.synced();
        view.markExpiry();
        nanos.set(2_000);
        view.put(record("a", ObjectState.DIRTY, "node-1", 1));
        assertNull(view.zeroSinceNanos(), "DIRTY: its mark is still in the dirty index");
        view.put(record("a", ObjectState.LOST, "node-1", 1));
        assertNull(view.zeroSinceNanos(), "LOST");
        view.put(record("a", ObjectState.CLEAN, "node-1", 0));
        assertNull(view.zeroSinceNanos(), "a copy listed but not stored");
        view.put(record("b", ObjectState.IN_PROGRESS, "node-1", 0));
        view.put(record("a", ObjectState.CLEAN, "node-1", 1));
        assertEquals(2_000L, view.zeroSinceNanos());
        assertEquals(1, view.snapshot().inFlight());
        nanos.set(3_000);
        view.put(record("b", ObjectState.DIRTY, "node-1", 1)); // the load's write came out dirty: not full any more
        assertNull(view.zeroSinceNanos());
        view.put(record("b", ObjectState.CLEAN, "node-1", 1));
        assertEquals(3_000L, view.zeroSinceNanos(), "full again from the later moment");
    }

    @Test
    void nothingIsJudgedWhileTheFeedScansAgainAfterItsWatchEnded() {
        view.reset();
        view.put(record("a", ObjectState.CLEAN, "node-3", 1));
        view.synced();
        view.markExpiry();
        view.reset(); // the watch ended: every record again
        assertNull(view.zeroSinceNanos(), "an empty view mid-scan is not full redundancy");
        view.put(record("b", ObjectState.CLEAN, "node-1", 1));
        assertNull(view.zeroSinceNanos());
        view.put(record("a", ObjectState.CLEAN, "node-3", 1));
        nanos.set(5_000);
        view.synced();
        assertNull(view.zeroSinceNanos());
        view.removed("a");
        assertEquals(5_000L, view.zeroSinceNanos());
        assertEquals(2, view.snapshot().scans());
        assertFalse(view.snapshot().onVictim() > 0);
        assertEquals(1, view.snapshot().records());
    }

    @Test
    void aTombstoneHoldsNoCopies() {
        view.reset();
        view.put(ObjectMetadata.tombstone("t", new Version(0, 9), 1, 2));
        view.synced();
        assertEquals(0, view.markExpiry().onVictim());
        assertEquals(1_000L, view.zeroSinceNanos(), "nothing to heal at the expiry: full at once");
    }

    /** A document whose one replica is on {@code node}, stored at {@code storedAt} (0: listed, not stored). */
    private static ObjectMetadata record(String key, ObjectState state, String node, long storedAt) {
        HotPart hot = new HotPart("sha", 10, List.of(new ChunkLocation(0, node, key + "-h", storedAt)));
        return new ObjectMetadata(key, new Version(0, 1), state, List.of("name"), hot, null, List.of(), List.of(), 1, 1);
    }
}
