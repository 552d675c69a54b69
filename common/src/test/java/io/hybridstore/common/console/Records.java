package io.hybridstore.common.console;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.ArrayList;
import java.util.List;

/** Records for the console model's tests: copies on named nodes, no chunk content. */
final class Records {

    private Records() {
    }

    static List<ChunkLocation> copies(String... nodes) {
        List<ChunkLocation> out = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            out.add(new ChunkLocation(i, nodes[i], "c" + i, 1));
        }
        return out;
    }

    static ColdPart shards(String... nodes) {
        return new ColdPart("ab", 10, nodes.length - 2, 2, 4, copies(nodes));
    }

    /** A document: hot replicas on {@code hot}, 4+2 cold shards on {@code cold} (null = no such part). */
    static ObjectMetadata document(String key, ObjectState state, String[] hot, String[] cold) {
        return new ObjectMetadata(key, new Version(0, 1), state, List.of("a"),
                hot == null ? null : new HotPart("aa", 10, copies(hot)), cold == null ? null : shards(cold),
                List.of(), List.of(), 1, 1);
    }

    static ObjectMetadata document(String key, String[] hot, String[] cold) {
        return document(key, ObjectState.CLEAN, hot, cold);
    }

    /** A striped blob, each stripe 4+2 on the nodes given. */
    static ObjectMetadata blob(String key, String[]... stripes) {
        List<ColdPart> parts = new ArrayList<>();
        for (String[] stripe : stripes) {
            parts.add(shards(stripe));
        }
        return new ObjectMetadata(key, new Version(0, 1), ObjectState.CLEAN, List.of(), null, null, List.of(), List.of(), 1, 1,
                new BlobInfo("application/octet-stream", 100, "ab", 50, null, "u1"), parts);
    }

    static String[] nodes(String... ids) {
        return ids;
    }
}
