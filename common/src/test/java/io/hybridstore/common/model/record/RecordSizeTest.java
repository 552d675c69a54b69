package io.hybridstore.common.model.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What one stripe costs in the compact record: the figures RecordCodec's paging and docs/architecture.md
 * rest on. The records are deterministic (fixed seeds), so the sizes are exact.
 */
class RecordSizeTest {

    @Test
    void aStripeOfOneUploadCosts87BytesAndAPartsStripe393() {
        int one = RecordCodec.encode(StripeRecords.singleUpload("b/one", 1)).length;
        int single = RecordCodec.encode(StripeRecords.singleUpload("b/one", 513)).length;
        int twoStripes = RecordCodec.encode(StripeRecords.multipart("b/parts", 1, 2)).length;
        int multi = RecordCodec.encode(StripeRecords.multipart("b/parts", 256, 2)).length;
        assertEquals(87, Math.round((single - one) / 512.0), "bytes per stripe whose chunk ids derive from the blob's upload");
        assertEquals(393, Math.round((multi - twoStripes) / 510.0), "bytes per stripe of a part (ids of the part's own upload)");
        // 20,000 stripes (10,000 parts of 5 to 8 MiB at 4 MiB stripes) would be 7.9 MB in one value, etcd takes 1.5 MiB.
        assertEquals(7.9, Math.round(20_000 * 393 / 1e5) / 10.0);
    }
}
