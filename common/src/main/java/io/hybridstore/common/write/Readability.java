package io.hybridstore.common.write;

import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectState;
import java.util.List;

/**
 * The readability rule, in one place: an object can be served when each part it has can be
 * served, i.e. at least one hot replica is stored and at least k cold shards are stored. It is
 * complete (CLEAN) when every wanted copy is stored; readable but incomplete is DIRTY (the healer
 * restores it); anything less must not be committed as the current version.
 */
public final class Readability {

    public enum Verdict { CLEAN, DIRTY, UNREADABLE }

    private Readability() {
    }

    /**
     * @param hot            the hot part as placed, or null when the object has no hot fields
     * @param wantedReplicas replicas the configuration asks for (placement may have found fewer nodes)
     * @param cold           the cold part as placed, or null
     */
    public static Verdict judge(HotPart hot, int wantedReplicas, ColdPart cold) {
        boolean complete = true;
        if (hot != null) {
            long stored = storedCount(hot.replicas());
            if (stored < 1) {
                return Verdict.UNREADABLE;
            }
            complete = stored >= wantedReplicas;
        }
        if (cold != null) {
            // Distinct indices: two copies of one shard are still one shard for decoding.
            long stored = distinctShards(cold.shards());
            if (stored < cold.k()) {
                return Verdict.UNREADABLE;
            }
            complete &= stored == cold.k() + cold.m();
        }
        return complete ? Verdict.CLEAN : Verdict.DIRTY;
    }

    public static ObjectState stateOf(Verdict verdict) {
        return switch (verdict) {
            case CLEAN -> ObjectState.CLEAN;
            case DIRTY -> ObjectState.DIRTY;
            case UNREADABLE -> throw new IllegalArgumentException("an unreadable write has no committed state");
        };
    }

    private static long storedCount(List<ChunkLocation> locations) {
        return locations.stream().filter(ChunkLocation::stored).count();
    }

    private static long distinctShards(List<ChunkLocation> shards) {
        return shards.stream().filter(ChunkLocation::stored).mapToInt(ChunkLocation::index).distinct().count();
    }
}
