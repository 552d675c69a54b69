package io.hybridstore.node.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds a small chunk's newest record in the segment files of a data dir, for tests that damage it behind the node's back. */
public final class SegmentDamage {
    private SegmentDamage() {
    }

    /** Flips one data bit of the chunk's newest record; false when no segment holds it. */
    public static boolean flipDataByte(Path dataDir, String chunkId, long dataOffset, int mask) throws IOException {
        return flip(dataDir, chunkId, true, dataOffset, mask);
    }

    /** Flips one bit of the chunk's newest record header ({@code offset} from the record's start); false when no segment holds it. */
    public static boolean flipHeaderByte(Path dataDir, String chunkId, long offset, int mask) throws IOException {
        return flip(dataDir, chunkId, false, offset, mask);
    }

    private static boolean flip(Path dataDir, String chunkId, boolean inData, long dataOffset, int mask) throws IOException {
        Path dir = new ChunkLayout(dataDir).segmentsDir();
        if (!Files.isDirectory(dir)) {
            return false;
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(SegmentLog.SUFFIX)).sorted().toList();
        }
        Path found = null;
        long at = -1;
        for (Path segment : segments) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            long[] newest = {-1};
            SegmentScan.scan(bytes, new SegmentScan.Visitor() {
                @Override
                public void record(SegmentRecord record, long offset) {
                    if (record.id().equals(chunkId)) {
                        newest[0] = record.kind() == SegmentRecord.Kind.PUT ? offset + (inData ? record.headerLength() : 0) + dataOffset : -1;
                    }
                }

                @Override
                public void corrupt(SegmentRecord record, long offset) {
                }
            });
            if (newest[0] >= 0) {
                found = segment;
                at = newest[0];
            }
        }
        if (found == null) {
            return false;
        }
        try (RandomAccessFile file = new RandomAccessFile(found.toFile(), "rw")) {
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ mask);
        }
        return true;
    }
}
