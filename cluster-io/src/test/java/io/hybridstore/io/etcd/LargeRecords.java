package io.hybridstore.io.etcd;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.write.ChunkIds;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Records of an S3 object completed from many parts: more stripes than one etcd value holds (RecordCodec pages them). */
final class LargeRecords {

    private LargeRecords() {
    }

    /** {@code parts} parts of 2 stripes, each part under an upload id of its own, as the S3 gateway stores them. */
    static ObjectMetadata multipart(String key, long offset, int parts, long at) {
        List<ColdPart> stripes = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            String upload = new UUID(offset, p).toString();
            for (int s = 0; s < 2; s++) {
                List<ChunkLocation> shards = new ArrayList<>();
                List<String> crcs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    shards.add(new ChunkLocation(i, "node-" + ((p + s + i) % 8 + 1), ChunkIds.stripeShard(upload, s, 4, 2, i), at - i));
                    crcs.add(Integer.toHexString(p * 12 + s * 6 + i + 1));
                }
                stripes.add(new ColdPart(null, 4 << 20, 4, 2, 1 << 20, shards, crcs));
            }
        }
        BlobInfo info = new BlobInfo("application/octet-stream", (long) stripes.size() << 22, "ab".repeat(32), 4 << 20, null,
                "upload-" + offset, "0123456789abcdef0123456789abcdef-" + parts, null, parts);
        return new ObjectMetadata(key, new Version(0, offset), ObjectState.CLEAN, List.of(), null, null, List.of(), List.of(), at, at,
                info, stripes);
    }

    /** The same record with shard {@code shard} of stripe {@code stripe} moved to {@code node} (a healer repair). */
    static ObjectMetadata moved(ObjectMetadata record, int stripe, int shard, String node, long at) {
        List<ColdPart> stripes = new ArrayList<>(record.stripes());
        List<ChunkLocation> shards = new ArrayList<>(stripes.get(stripe).shards());
        ChunkLocation old = shards.get(shard);
        shards.set(shard, new ChunkLocation(old.index(), node, old.chunkId(), at));
        stripes.set(stripe, stripes.get(stripe).withShards(shards));
        return record.withCopies(null, stripes, ObjectState.CLEAN);
    }
}
