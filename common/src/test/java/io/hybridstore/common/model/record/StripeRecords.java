package io.hybridstore.common.model.record;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import io.hybridstore.common.model.ObjectState;
import io.hybridstore.common.model.Version;
import io.hybridstore.common.write.ChunkIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Blob records as the write path makes them, of any number of stripes: what the size measurements
 * and the paging tests encode. Shards spread over 8 nodes, CRC32Cs and store times vary like real ones.
 */
final class StripeRecords {

    static final long T0 = 1_764_000_000_000L;
    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private StripeRecords() {
    }

    /** A blob of one upload: {@code count} stripes of 4 MiB, ids derived from the upload id and the stripe number. */
    static ObjectMetadata singleUpload(String key, int count) {
        String upload = UUID.nameUUIDFromBytes(key.getBytes()).toString();
        Random random = new Random(count);
        List<ColdPart> stripes = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            stripes.add(stripe(upload, s, 4 << 20, random));
        }
        return record(key, new BlobInfo("application/octet-stream", (long) count << 22, SHA, 4 << 20, null, upload), stripes);
    }

    /**
     * An object completed from {@code parts} parts of {@code stripesPerPart} stripes each: every part was
     * stored under an upload id of its own (as {@code BlobWriter.writePart} does), so its stripes' chunk
     * ids are not the ones the object's upload id would derive.
     */
    static ObjectMetadata multipart(String key, int parts, int stripesPerPart) {
        Random random = new Random(parts);
        List<ColdPart> stripes = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            String partUpload = new UUID(random.nextLong(), random.nextLong()).toString();
            for (int s = 0; s < stripesPerPart; s++) {
                stripes.add(stripe(partUpload, s, s == stripesPerPart - 1 ? 1 << 20 : 4 << 20, random));
            }
        }
        long size = (long) stripes.size() << 22;
        BlobInfo info = new BlobInfo("application/octet-stream", size, SHA, 4 << 20, null, "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                "d41d8cd98f00b204e9800998ecf8427e-" + parts, null, parts);
        return record(key, info, stripes);
    }

    static ColdPart stripe(String upload, int number, int size, Random random) {
        List<ChunkLocation> shards = new ArrayList<>();
        List<String> crcs = new ArrayList<>();
        int first = random.nextInt(8);
        for (int i = 0; i < 6; i++) {
            shards.add(new ChunkLocation(i, "node-" + ((first + i) % 8 + 1), ChunkIds.stripeShard(upload, number, 4, 2, i),
                    T0 + 100 + random.nextInt(500_000)));
            crcs.add(Long.toHexString(random.nextLong() & 0xffff_ffffL));
        }
        return new ColdPart(null, size, 4, 2, size / 4, shards, crcs);
    }

    private static ObjectMetadata record(String key, BlobInfo info, List<ColdPart> stripes) {
        return new ObjectMetadata(key, new Version(2, 123_456), ObjectState.CLEAN, List.of(), null, null, List.of(), List.of(), T0,
                T0 + 600_000, info, stripes);
    }
}
