package io.hybridstore.common.model.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import io.hybridstore.common.model.ChunkLocation;
import io.hybridstore.common.model.ColdPart;
import io.hybridstore.common.model.ObjectMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records of more stripes than one etcd value holds: cut into pages, and read back from them. */
class StripePagesTest {

    /** 1,200 parts of 2 stripes: 2,400 stripes, more than a record holds inline. */
    private static final ObjectMetadata LARGE = StripeRecords.multipart("b/large", 1_200, 2);

    @Test
    void aRecordOfUpTo1024StripesIsStoredAsBeforeInOneValue() {
        ObjectMetadata record = StripeRecords.multipart("b/inline", 512, 2);
        RecordCodec.Layout layout = RecordCodec.layout(record);
        assertEquals(List.of(), layout.pages());
        assertArrayEquals(RecordCodec.encode(record), layout.record());
        assertEquals(List.of(), RecordCodec.pageIds("b/inline", layout.record()));
    }

    @Test
    void aLargerRecordIsAHeadAndPagesOf1024StripesThatReadBackEqual() {
        RecordCodec.Layout layout = RecordCodec.layout(LARGE);
        assertEquals(RecordCodec.PAGED_V1, layout.record()[0]);
        assertEquals(3, layout.pages().size(), "2,400 stripes in pages of 1,024");
        assertTrue(layout.record().length < 1_000, "the head holds no stripe: " + layout.record().length + " B");
        for (RecordCodec.Page page : layout.pages()) {
            assertTrue(page.bytes().length < 512 * 1024, "a page is well under etcd's request limit: " + page.bytes().length);
        }
        assertEquals(layout.pages().stream().map(RecordCodec.Page::id).toList(), RecordCodec.pageIds("b/large", layout.record()));
        assertEquals(LARGE, RecordCodec.decode("b/large", layout.record(), pages(layout)));
    }

    @Test
    void movingOneShardChangesOnlyThePageThatHoldsIt() {
        List<ColdPart> stripes = new ArrayList<>(LARGE.stripes());
        ColdPart moved = stripes.get(1_500);
        List<ChunkLocation> shards = new ArrayList<>(moved.shards());
        ChunkLocation old = shards.get(3);
        shards.set(3, new ChunkLocation(old.index(), "node-9", old.chunkId(), old.storedAtMillis() + 1));
        stripes.set(1_500, moved.withShards(shards));
        ObjectMetadata repaired = LARGE.withCopies(null, stripes, LARGE.state());

        List<String> before = RecordCodec.pageIds("b/large", RecordCodec.layout(LARGE).record());
        RecordCodec.Layout after = RecordCodec.layout(repaired);
        List<String> ids = RecordCodec.pageIds("b/large", after.record());
        assertEquals(before.get(0), ids.get(0));
        assertNotEquals(before.get(1), ids.get(1), "stripe 1,500 is in the second page");
        assertEquals(before.get(2), ids.get(2), "a later updatedAt does not change a page");
        assertEquals(repaired, RecordCodec.decode("b/large", after.record(), pages(after)));
    }

    @Test
    void aMissingOrAlteredPageIsCorruption() {
        RecordCodec.Layout layout = RecordCodec.layout(LARGE);
        Map<String, byte[]> pages = pages(layout);
        String second = layout.pages().get(1).id();

        byte[] kept = pages.remove(second);
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> RecordCodec.decode("b/large", layout.record(), pages)).code());
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class, () -> RecordCodec.decode("b/large", layout.record())).code(),
                "a paged record read without its pages");
        byte[] altered = kept.clone();
        altered[altered.length - 1] ^= 1;
        pages.put(second, altered);
        assertEquals(ErrorCode.CORRUPT, assertThrows(StoreException.class,
                () -> RecordCodec.decode("b/large", layout.record(), pages)).code());
    }

    @Test
    void aSingleUploadsPagedStripesDeriveTheirIdsFromTheirNumber() {
        ObjectMetadata single = StripeRecords.singleUpload("b/single", 2_100);
        RecordCodec.Layout layout = RecordCodec.layout(single);
        assertEquals(3, layout.pages().size());
        assertTrue(layout.pages().get(2).bytes().length < 60 * 1024, "52 stripes of derived ids: " + layout.pages().get(2).bytes().length);
        assertEquals(single, RecordCodec.decode("b/single", layout.record(), pages(layout)));
    }

    @Test
    void moreStripesThanFortyPagesHoldAreRefused() {
        assertEquals(40_960, RecordCodec.MAX_STRIPES);
        StoreException e = assertThrows(StoreException.class,
                () -> RecordCodec.layout(StripeRecords.singleUpload("b/huge", RecordCodec.MAX_STRIPES + 1)));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals(40, RecordCodec.layout(StripeRecords.singleUpload("b/most", RecordCodec.MAX_STRIPES)).pages().size());
    }

    private static Map<String, byte[]> pages(RecordCodec.Layout layout) {
        Map<String, byte[]> pages = new HashMap<>();
        layout.pages().forEach(p -> pages.put(p.id(), p.bytes()));
        return pages;
    }
}
