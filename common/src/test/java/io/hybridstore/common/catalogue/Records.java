package io.hybridstore.common.catalogue;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.HotPart;
import io.hybridstore.common.model.ObjectLabels;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Records for the catalogue's tests: documents and blobs with the facts the filters look at. */
final class Records {

    private Records() {
    }

    static ObjectMetadata document(String key, long offset, ObjectState state, long size, long at, Set<String> tags,
                                   Map<String, String> fields) {
        HotPart hot = new HotPart("ab", size, List.of(new ChunkLocation(0, "node-1", "h-ab", at)));
        return new ObjectMetadata(key, new Version(0, offset), state, List.of("a"), hot, null, List.of(), List.of(), at, at,
                null, List.of(), new ObjectLabels(new java.util.TreeSet<>(tags), null, null, null), new TreeMap<>(fields));
    }

    static ObjectMetadata document(String key, Set<String> tags) {
        return document(key, 1, ObjectState.CLEAN, 10, 1000, tags, Map.of());
    }

    static ObjectMetadata blob(String key, long offset, String contentType, long size, long at) {
        HotPart hot = new HotPart("cd", size, List.of(new ChunkLocation(0, "node-1", "h-cd", at)));
        return new ObjectMetadata(key, new Version(0, offset), ObjectState.CLEAN, List.of(), hot, null, List.of(), List.of(),
                at, at, new BlobInfo(contentType, size, "cd", 0, null, "u1"), List.of());
    }
}
