package io.hybridstore.node.store;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads a segment's bytes record by record (pure: the caller maps the file). What a crash can leave
 * at the end of the segment being appended to — a header cut short, a header whose CRC fails, data
 * cut short, or a last record whose data fails its CRC (pages of one write reach the disk in any
 * order) — ends the scan there: {@link Result#validEnd} is where the caller cuts the file. None of
 * those records was acknowledged, since an acknowledgement waits for the fsync that covers it.
 *
 * <p>A complete record whose data fails its CRC <em>followed by</em> good records is not a torn
 * write but damage to settled bytes: it is reported as corrupt and the scan goes on.
 */
final class SegmentScan {

    interface Visitor {
        /** A record whose header and data check out, starting at {@code offset}. */
        void record(SegmentRecord record, long offset);

        /** A complete record whose data fails its CRC32C, with more records after it. */
        void corrupt(SegmentRecord record, long offset);
    }

    /** @param validEnd the end of the last trusted record; {@code tornTail}: bytes after it that are not one */
    record Result(long validEnd, int records, int corrupt, boolean tornTail) {
    }

    private SegmentScan() {
    }

    static Result scan(ByteBuffer segment, Visitor visitor) {
        ByteBuffer b = segment.duplicate();
        int limit = b.limit();
        int position = b.position();
        int records = 0;
        int corrupt = 0;
        while (position < limit) {
            Optional<SegmentRecord> header = SegmentRecord.decodeHeader(b.position(position));
            if (header.isEmpty()) {
                break;
            }
            SegmentRecord record = header.get();
            long end = (long) position + record.totalLength();
            if (end > limit) {
                break;
            }
            int dataStart = position + record.headerLength();
            CRC32C crc = new CRC32C();
            crc.update(b.duplicate().limit((int) end).position(dataStart));
            if ((int) crc.getValue() == record.crc32c()) {
                visitor.record(record, position);
                records++;
            } else if (end == limit) {
                break; // the last record's data never fully reached the disk
            } else {
                visitor.corrupt(record, position);
                corrupt++;
            }
            position = (int) end;
        }
        return new Result(position, records, corrupt, position < limit);
    }
}
