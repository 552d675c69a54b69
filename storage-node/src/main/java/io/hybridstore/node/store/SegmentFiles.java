package io.hybridstore.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * What {@link SegmentLog#open} does with the segment files it finds at start: settles what a crash
 * left of a compaction, and scans each segment in log order, cutting a torn tail off.
 */
final class SegmentFiles {
    private static final Logger LOG = Logger.getLogger(SegmentFiles.class);

    private SegmentFiles() {
    }

    /** Deletes compaction leftovers; returns the newest complete generation of each segment number. */
    static TreeMap<Integer, Path> settleGenerations(Path dir) throws IOException {
        TreeMap<Integer, Path> latest = new TreeMap<>();
        TreeMap<Integer, Integer> generations = new TreeMap<>();
        List<Path> superseded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ChunkLayout.isTempName(name)) {
                    Files.delete(file); // a compaction that never reached its rename: the old generation is whole
                    continue;
                }
                if (!name.matches("\\d{10}\\.\\d+\\" + SegmentLog.SUFFIX)) {
                    continue;
                }
                String[] parts = name.split("\\.");
                int number = Integer.parseInt(parts[0]);
                int generation = Integer.parseInt(parts[1]);
                Integer known = generations.get(number);
                if (known == null || generation > known) {
                    if (known != null) {
                        superseded.add(latest.get(number));
                    }
                    generations.put(number, generation);
                    latest.put(number, file);
                } else {
                    superseded.add(file);
                }
            }
        }
        for (Path old : superseded) {
            // The newer generation was fsynced and renamed in before the old one was deleted: the crash came in between.
            Files.delete(old);
            LOG.infof("removed segment %s, superseded by its compacted generation", old.getFileName());
        }
        if (!superseded.isEmpty()) {
            DiskIo.fsyncDirectory(dir);
        }
        return latest;
    }

    /** Replays one segment's records to {@code recovery}; a torn tail is cut off and the cut fsynced. */
    static void scan(SegmentLog.Segment segment, SegmentLog.Recovery recovery, SegmentLog.Fsync fsync) throws IOException {
        long size = segment.channel().size();
        if (size == 0) {
            return;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IOException("segment " + segment.path() + " has " + size + " bytes, beyond what one scan maps");
        }
        ByteBuffer bytes = segment.channel().map(FileChannel.MapMode.READ_ONLY, 0, size);
        SegmentScan.Result result = SegmentScan.scan(bytes, new SegmentScan.Visitor() {
            @Override
            public void record(SegmentRecord record, long offset) {
                recovery.record(segment, record, offset);
            }

            @Override
            public void corrupt(SegmentRecord record, long offset) {
                recovery.corrupt(segment, record, offset, bytes.duplicate().position((int) offset).limit((int) offset + record.totalLength()));
            }
        });
        if (result.tornTail()) {
            // Only the newest segment can end torn (a segment is fsynced whole before the next starts). Its
            // unacknowledged tail is cut, so no later scan reads it as damage.
            LOG.warnf("segment %s: %d bytes after its last whole record (a write cut by a crash): cut off",
                    segment.path().getFileName(), size - result.validEnd());
            segment.channel().truncate(result.validEnd());
            fsync.force(segment.channel());
        }
    }
}
