package io.hybridstore.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** What a start-up scan trusts, and where it cuts, for every way a crash or bitrot can leave a segment. */
class SegmentScanTest {

    @Test
    void aWholeSegmentScansEveryRecord() {
        Found found = scan(segment(record("a", 10), record("b", 0), tombstone("a"), record("c", 300)));
        assertEquals(List.of("a", "b", "a", "c"), found.ids);
        assertFalse(found.result.tornTail());
        assertEquals(found.size, found.result.validEnd());
    }

    @Test
    void aTailTornAtEveryByteOfTheLastRecordIsCutAtTheRecordBefore() {
        byte[] first = record("first", 100);
        byte[] last = record("last", 100);
        byte[] whole = segment(first, last).array();
        int cases = 0;
        for (int length = first.length; length < whole.length; length++) {
            Found found = scan(ByteBuffer.wrap(whole, 0, length).slice());
            assertEquals(List.of("first"), found.ids, "cut at " + length);
            assertEquals(first.length, found.result.validEnd(), "cut at " + length);
            assertEquals(length > first.length, found.result.tornTail(), "cut at " + length);
            cases++;
        }
        assertEquals(last.length, cases, "one case per byte of the last record");
    }

    @Test
    void aBadHeaderCrcEndsTheScan() {
        byte[] first = record("first", 10);
        byte[] second = record("second", 10);
        second[20] ^= 1; // inside the CRC-covered header
        Found found = scan(segment(first, second, record("third", 10)));
        assertEquals(List.of("first"), found.ids, "nothing after a header that fails its check can be trusted");
        assertTrue(found.result.tornTail());
        assertEquals(first.length, found.result.validEnd());
    }

    @Test
    void aBadDataCrcInTheLastRecordIsATornWrite() {
        byte[] first = record("first", 10);
        byte[] last = record("last", 10);
        last[last.length - 1] ^= 1;
        Found found = scan(segment(first, last));
        assertEquals(List.of("first"), found.ids);
        assertEquals(List.of(), found.corrupt);
        assertEquals(first.length, found.result.validEnd());
    }

    @Test
    void aBadDataCrcFollowedByGoodRecordsIsCorruptionAndTheScanGoesOn() {
        byte[] middle = record("middle", 10);
        middle[middle.length - 1] ^= 1;
        Found found = scan(segment(record("first", 10), middle, record("last", 10)));
        assertEquals(List.of("first", "last"), found.ids);
        assertEquals(List.of("middle"), found.corrupt);
        assertFalse(found.result.tornTail());
        assertEquals(1, found.result.corrupt());
    }

    @Test
    void zerosAfterTheLastRecordAreCut() {
        byte[] first = record("first", 10);
        Found found = scan(segment(first, new byte[4096]));
        assertEquals(List.of("first"), found.ids);
        assertEquals(first.length, found.result.validEnd());
        assertTrue(found.result.tornTail());
    }

    static byte[] record(String id, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + id.length());
        }
        CRC32C crc = new CRC32C();
        crc.update(data);
        return SegmentRecord.put(id, size, (int) crc.getValue(), 1, null).encode(data).array();
    }

    private static byte[] tombstone(String id) {
        return SegmentRecord.tombstone(SegmentRecord.Kind.DELETE, id, 2).encode(new byte[0]).array();
    }

    private static ByteBuffer segment(byte[]... records) {
        int size = 0;
        for (byte[] r : records) {
            size += r.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] r : records) {
            buffer.put(r);
        }
        return buffer.flip();
    }

    private record Found(List<String> ids, List<String> corrupt, SegmentScan.Result result, long size) {
    }

    private static Found scan(ByteBuffer segment) {
        List<String> ids = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        SegmentScan.Result result = SegmentScan.scan(segment, new SegmentScan.Visitor() {
            @Override
            public void record(SegmentRecord record, long offset) {
                ids.add(record.id());
            }

            @Override
            public void corrupt(SegmentRecord record, long offset) {
                corrupt.add(record.id());
            }
        });
        return new Found(ids, corrupt, result, segment.remaining());
    }
}
