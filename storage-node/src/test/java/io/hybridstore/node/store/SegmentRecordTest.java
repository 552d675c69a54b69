package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The segment record format, pinned byte for byte: a segment written today must scan the same tomorrow. */
class SegmentRecordTest {
    private static final byte[] SHA = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @Test
    void aPutRecordEncodesToKnownBytes() {
        SegmentRecord record = SegmentRecord.put("ab", 3, 0x01020304, 1_700_000_000_000L, SHA);
        String expected = "48535352" + "01" + "01" + "01" + "02" // magic, version, kind put, flags sha, id length
                + "00000003" + "01020304" + "0000018bcfe56800" // length, data CRC32C, modified millis
                + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
                + KNOWN_HEADER_CRC + "6162" + "78797a"; // header CRC32C, "ab", data "xyz"
        assertEquals(expected, hex(record.encode("xyz".getBytes())));
        assertEquals(62, record.headerLength());
        assertEquals(65, record.totalLength());
    }

    /** CRC32C of the first 56 bytes and the id above, computed apart from this code (a bitwise CRC32C in Python). */
    private static final String KNOWN_HEADER_CRC = "fab6bd44";

    @Test
    void aTombstoneHasNoDataAndNoSha() {
        SegmentRecord tombstone = SegmentRecord.tombstone(SegmentRecord.Kind.DELETE, "gone", 5);
        ByteBuffer bytes = tombstone.encode(new byte[0]);
        assertEquals(64, bytes.remaining());
        assertEquals(tombstone, SegmentRecord.decodeHeader(bytes).orElseThrow());
        assertEquals(0, bytes.position(), "decoding does not move the buffer");
    }

    @Test
    void decodeReturnsWhatWasEncoded() {
        SegmentRecord record = SegmentRecord.put("chunk-1", 5, 77, 123, null);
        assertEquals(record, SegmentRecord.decodeHeader(record.encode(new byte[5])).orElseThrow());
        SegmentRecord quarantined = SegmentRecord.tombstone(SegmentRecord.Kind.QUARANTINE, "q", 9);
        assertEquals(quarantined, SegmentRecord.decodeHeader(quarantined.encode(new byte[0])).orElseThrow());
    }

    @Test
    void everyFlippedHeaderBitIsCaught() {
        SegmentRecord record = SegmentRecord.put("abc", 10, 42, 99, SHA);
        byte[] bytes = record.encode(new byte[10]).array();
        int flips = 0;
        for (int at = 0; at < record.headerLength(); at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = bytes.clone();
                damaged[at] ^= (byte) (1 << bit);
                assertTrue(SegmentRecord.decodeHeader(ByteBuffer.wrap(damaged)).isEmpty(), "byte " + at + " bit " + bit);
                flips++;
            }
        }
        assertEquals(63 * 8, flips);
    }

    @Test
    void aHeaderCutShortIsNoHeader() {
        byte[] bytes = SegmentRecord.put("abc", 0, 0, 1, null).encode(new byte[0]).array();
        for (int length = 0; length < bytes.length; length++) {
            assertTrue(SegmentRecord.decodeHeader(ByteBuffer.wrap(bytes, 0, length)).isEmpty(), "length " + length);
        }
    }

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
