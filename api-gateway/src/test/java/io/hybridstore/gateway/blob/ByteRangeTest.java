package io.hybridstore.gateway.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void singleRangesOpenEndedAndSuffix() {
        assertEquals(new ByteRange(0, 99, 1000), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(500, 999, 1000), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange(900, 999, 1000), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 999, 1000), ByteRange.parse("bytes=-5000", 1000), "a suffix longer than the blob is all of it");
        assertEquals(new ByteRange(990, 999, 1000), ByteRange.parse("bytes=990-5000", 1000), "the end is clamped");
        assertEquals("bytes 0-99/1000", ByteRange.parse("bytes=0-99", 1000).contentRange());
        assertTrue(ByteRange.parse("bytes=0-999", 1000).whole());
        assertEquals(100, ByteRange.parse("bytes=0-99", 1000).length());
    }

    @Test
    void headersThisServerIgnoresGiveTheWholeBlob() {
        int ignored = 0;
        for (String header : new String[] {null, "items=0-1", "bytes=0-1,5-6", "bytes=x-1", "bytes=5-1", "bytes=", "bytes=7"}) {
            assertNull(ByteRange.parse(header, 1000), String.valueOf(header));
            ignored++;
        }
        assertEquals(7, ignored);
    }

    @Test
    void aRangePastTheEndIsUnsatisfiable() {
        for (String header : new String[] {"bytes=1000-", "bytes=2000-3000", "bytes=-0"}) {
            StoreException e = assertThrows(StoreException.class, () -> ByteRange.parse(header, 1000), header);
            assertEquals(ErrorCode.RANGE_NOT_SATISFIABLE, e.code());
        }
        assertEquals(ErrorCode.RANGE_NOT_SATISFIABLE,
                assertThrows(StoreException.class, () -> ByteRange.parse("bytes=0-", 0)).code(), "an empty blob has no bytes to range over");
    }

    @Test
    void stripesGrowInWholeMibOnlyWhenTheDeclaredSizeNeedsMoreThanMaxStripes() {
        BlobSettings s = new BlobSettings(3, 4, 2, 1 << 20, 4 << 20, 512, 16L << 30, 2, 3, Duration.ofMinutes(30));
        assertEquals(4 << 20, s.stripeSizeFor(null));
        assertEquals(4 << 20, s.stripeSizeFor(1L << 30), "1 GiB fits 256 stripes of 4 MiB");
        assertEquals(4 << 20, s.stripeSizeFor(2L << 30), "2 GiB is exactly 512 stripes");
        assertEquals(5 << 20, s.stripeSizeFor((2L << 30) + 1));
        assertEquals(20 << 20, s.stripeSizeFor(10L << 30), "10 GiB takes 512 stripes of 20 MiB");
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(StoreException.class, () -> s.stripeSizeFor((16L << 30) + 1)).code());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, assertThrows(StoreException.class,
                () -> s.checkStreamed((2L << 30) + 1, 4 << 20)).code(), "a chunked body is bounded by max-stripes of the default size");
        assertThrows(IllegalArgumentException.class, () -> new BlobSettings(3, 4, 2, 8 << 20, 4 << 20, 512, 1L << 30, 2, 3,
                Duration.ofMinutes(1)), "the small size must fit one stripe");
    }
}
