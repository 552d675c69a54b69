package io.hybridstore.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.BlobInfo;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.write.ChunkIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The part sizes of assembled objects, recorded or derived from their stripes' chunk ids (known answers). */
class PartBoundariesTest {

    private static final String UPLOAD_A = "1f6cbc32-e6c9-4484-9816-0911dc30f47c";
    private static final String UPLOAD_B = "4834e41c-9a82-4c93-85c2-65922a0bcd32";
    private static final String UPLOAD_C = "0b1e9a55-0000-4000-8000-000000000001";

    @Test
    void stripeNumbersAreReadFromStripeShardIdsAndNoOtherIds() {
        assertEquals(0, ChunkIds.stripeNumber(ChunkIds.stripeShard(UPLOAD_A, 0, 4, 2, 5)));
        assertEquals(17, ChunkIds.stripeNumber(ChunkIds.stripeShard(UPLOAD_A, 17, 4, 2, 0)));
        assertEquals(3, ChunkIds.stripeNumber("s-plainid-3-4-2-1"), "an upload id without dashes");
        assertEquals(-1, ChunkIds.stripeNumber(ChunkIds.coldShard("a".repeat(64), 4, 2, 1)));
        assertEquals(-1, ChunkIds.stripeNumber(ChunkIds.hot("b".repeat(64))));
        assertEquals(-1, ChunkIds.stripeNumber("s-x-y-4-2-1"));
        assertEquals(-1, ChunkIds.stripeNumber(null));
    }

    @Test
    void partsAreDerivedFromStripesNumberedFromZeroWhenTheirSizesWereNotRecorded() {
        List<ColdPart> stripes = new ArrayList<>();
        stripes.addAll(part(UPLOAD_A, 4096, 4096, 1000)); // 9,192 bytes
        stripes.addAll(part(UPLOAD_B, 77));
        stripes.addAll(part(UPLOAD_C, 4096, 4096));

        assertEquals(Optional.of(List.of(9192L, 77L, 8192L)), PartBoundaries.sizes(legacy(3), stripes));
        assertEquals(Optional.empty(), PartBoundaries.sizes(legacy(4), stripes), "a fourth part, empty, has no stripe to find");
        assertEquals(Optional.empty(), PartBoundaries.sizes(legacy(3), stripes.subList(1, stripes.size())),
                "starting inside a part");
        List<ColdPart> coded = new ArrayList<>(stripes);
        coded.set(3, stripe(ChunkIds.coldShard("c".repeat(64), 4, 2, 0), 77));
        assertEquals(Optional.empty(), PartBoundaries.sizes(legacy(3), coded), "a stripe that is not a part's");
    }

    @Test
    void recordedSizesAreTakenAsTheyAreAndAnObjectOfOnePutHasNone() {
        BlobInfo recorded = new BlobInfo("t", 9269, "s".repeat(64), 4096, null, "u", "m-3", Map.of(), 3, List.of(9192L, 77L, 0L));
        assertEquals(Optional.of(List.of(9192L, 77L, 0L)), PartBoundaries.sizes(recorded, List.of()));
        BlobInfo single = new BlobInfo("t", 77, "s".repeat(64), 4096, null, "u", "m", Map.of());
        assertEquals(Optional.empty(), PartBoundaries.sizes(single, part(UPLOAD_A, 77)));
    }

    private static BlobInfo legacy(int parts) {
        return new BlobInfo("t", 0, "s".repeat(64), 4096, null, "u", "m-" + parts, Map.of(), parts);
    }

    private static List<ColdPart> part(String uploadId, long... sizes) {
        List<ColdPart> stripes = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            stripes.add(stripe(ChunkIds.stripeShard(uploadId, i, 4, 2, 0), sizes[i]));
        }
        return stripes;
    }

    private static ColdPart stripe(String firstShardId, long size) {
        return new ColdPart(null, size, 4, 2, 1024, List.of(new ChunkLocation(0, "node-1", firstShardId, 1)),
                List.of("1", "2", "3", "4", "5", "6"));
    }
}
