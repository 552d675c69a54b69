package io.hybridstore.io.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.DirtyMark;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.spi.MetadataStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a repair's commit carries: the record's put, and the dirty mark's delete only when the record it
 * replaces was DIRTY (a mark exists exactly then). A healer's repair of a clean record is 2 operations
 * as etcd counts them (the nested transaction and its put), not 3.
 */
class EtcdRepairCommitTest {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd("/repair-commit");

    @Test
    void aRepairOfACleanRecordDeletesNoMarkAndOneOfADirtyRecordDeletesItsMark() {
        EtcdMetadataStore store = new EtcdMetadataStore(ETCD.connection());
        // Without its index entries and usage delta (which a first write carries and a repair does not).
        EtcdMetadataStore bare = new EtcdMetadataStore(ETCD.connection(), new EtcdMetadataStore.Writes(false, false, true));
        ObjectMetadata clean = record("c", 1, ObjectState.CLEAN, "node-3");
        assertEquals(1, bare.operations(clean, Optional.empty()), "a clean first write: the put alone");
        assertTrue(store.commitIfNewer(clean));
        MetadataStore.Stored before = store.get("c").orElseThrow();
        ObjectMetadata repaired = record("c", 1, ObjectState.CLEAN, "node-5");
        assertEquals(1, store.operations(repaired, Optional.of(before)), "clean over clean: the put alone, no mark to delete (was 2)");
        assertEquals(List.of(MetadataStore.SwapResult.of(true)), store.compareAndSetAll(List.of(new MetadataStore.Swap(repaired, before))));
        assertEquals("node-5", store.get("c").orElseThrow().metadata().hot().replicas().get(0).nodeId());

        ObjectMetadata dirty = record("d", 1, ObjectState.DIRTY, "node-3");
        assertEquals(2, bare.operations(dirty, Optional.empty()), "a dirty first write puts its mark");
        assertTrue(store.commitIfNewer(dirty));
        assertTrue(marks(store).contains("d"));
        MetadataStore.Stored dirtyBefore = store.get("d").orElseThrow();
        ObjectMetadata healed = record("d", 1, ObjectState.CLEAN, "node-5");
        // (With the state index, DIRTY -> CLEAN also moves the record's state entry: 2 more.)
        assertEquals(2, bare.operations(healed, Optional.of(dirtyBefore)), "clean over dirty: the mark goes in the same transaction");
        assertEquals(List.of(MetadataStore.SwapResult.of(true)), store.compareAndSetAll(List.of(new MetadataStore.Swap(healed, dirtyBefore))));
        assertFalse(marks(store).contains("d"));
        assertFalse(marks(store).contains("c"));
    }

    private static List<String> marks(MetadataStore store) {
        return store.dirty(1_000).stream().map(DirtyMark::key).toList();
    }

    private static ObjectMetadata record(String key, long offset, ObjectState state, String node) {
        HotPart hot = new HotPart("ab", 2, List.of(new ChunkLocation(0, node, "h-ab", 1)));
        return new ObjectMetadata(key, new Version(0, offset), state, List.of("a"), hot, null, List.of(), List.of(), 1, 1);
    }
}
