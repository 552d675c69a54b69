package io.hybridstore.gateway.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.common.model.ColdPart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offsets of stripes of varying length (an object assembled from multipart parts: each part ends short). */
class StripeOffsetsTest {

    private static List<ColdPart> stripes(long... sizes) {
        List<ColdPart> stripes = new ArrayList<>();
        for (long size : sizes) {
            stripes.add(new ColdPart("00", size, 4, 2, 1, List.of()));
        }
        return stripes;
    }

    @Test
    void eachOffsetFallsInTheStripeThatHoldsIt() {
        // two parts: 4+4+2 and 4+1 (MiB-like units)
        long[] starts = BlobReader.stripeStarts(stripes(4, 4, 2, 4, 1));
        assertArrayEquals(new long[] {0, 4, 8, 10, 14}, starts);
        long[] offsets = {0, 3, 4, 7, 8, 9, 10, 13, 14};
        int[] expected = {0, 0, 1, 1, 2, 2, 3, 3, 4};
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(expected[i], BlobReader.stripeAt(starts, offsets[i]), "offset " + offsets[i]);
        }
        assertEquals(9, offsets.length);
    }

    @Test
    void anObjectOf600PartsResolvesEveryPartBoundaryAcrossItsRecordPages() {
        // 600 parts of 64 KiB + 1 byte at 32 KiB stripes: 3 stripes each (32 Ki, 32 Ki, 1), 1,800 stripes,
        // so the record keeps them in pages of 1,024 (the reader sees one list either way).
        long[] sizes = new long[1_800];
        for (int p = 0; p < 600; p++) {
            sizes[3 * p] = 32 << 10;
            sizes[3 * p + 1] = 32 << 10;
            sizes[3 * p + 2] = 1;
        }
        long[] starts = BlobReader.stripeStarts(stripes(sizes));
        long part = (64 << 10) + 1;
        int checked = 0;
        for (int p = 0; p < 600; p++) {
            assertEquals(3 * p, BlobReader.stripeAt(starts, p * part), "first byte of part " + (p + 1));
            assertEquals(3 * p + 1, BlobReader.stripeAt(starts, p * part + (32 << 10)));
            assertEquals(3 * p + 2, BlobReader.stripeAt(starts, (p + 1) * part - 1), "last byte of part " + (p + 1));
            checked += 3;
        }
        assertEquals(1_800, checked);
        assertEquals(1_024, BlobReader.stripeAt(starts, 341 * part + (32 << 10)), "the first stripe of the second page");
    }

    @Test
    void uniformStripesGiveTheOldArithmetic() {
        long[] starts = BlobReader.stripeStarts(stripes(4, 4, 4, 3));
        int checked = 0;
        for (long offset = 0; offset < 15; offset++) {
            assertEquals((int) (offset / 4), BlobReader.stripeAt(starts, offset));
            checked++;
        }
        assertEquals(15, checked);
    }
}
