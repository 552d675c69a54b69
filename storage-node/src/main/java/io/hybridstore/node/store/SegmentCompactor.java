package io.hybridstore.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reclaims the space of deleted and overwritten small chunks: a sealed segment whose live records
 * fill less than the live ratio is rewritten as the next generation of the same segment number, with
 * only what is still needed, and the old generation removed. Same number, records in the same order:
 * the log's order — and so which record of an id is the newest — does not change.
 *
 * <p>The steps, and what a crash after each leaves (the start-up scan, {@link SegmentLog#open}, finds it):
 * <ol>
 * <li>copy the live records into {@code ~{number}.{gen+1}.tmp}, paced to the configured rate: a crash
 *     leaves a temp file, deleted at start; the old generation is whole;</li>
 * <li>fsync it, then rename it to {@code {number}.{gen+1}.seg} and fsync the directory: from here
 *     the new generation is complete and durable; a crash leaves both, and start-up keeps the newer;</li>
 * <li>under the append lock, point the index at the copies (only where it still points at the
 *     originals: a record that died meanwhile stays dead — what killed it is later in the log) and
 *     put the new generation in the old one's place;</li>
 * <li>delete the old generation and fsync the directory.</li>
 * </ol>
 * A put is copied if the index points at it. A tombstone is copied unless no older record it could
 * hide remains: the segment is the oldest there is, or the id has a live record later in the log.
 * A segment with nothing left to copy is deleted outright.
 */
final class SegmentCompactor {
    private static final Logger LOG = Logger.getLogger(SegmentCompactor.class);

    enum Step { COPIED, RENAMED, SWITCHED, DELETED }

    /** Called after each step; a test throws from it to crash there. */
    @FunctionalInterface
    interface StepHook {
        void reached(Step step, SegmentLog.Segment segment);

        StepHook NONE = (step, segment) -> {
        };
    }

    /** Sleeps so compaction moves at most {@code bytesPerSecond}; a test passes one that never sleeps. */
    @FunctionalInterface
    interface Pacer {
        void moved(long bytes);

        /** A pacer for one compaction run: sleeps whenever it is ahead of {@code bytesPerSecond}. */
        static Pacer rate(long bytesPerSecond) {
            long start = System.nanoTime();
            long[] moved = {0};
            return bytes -> {
                moved[0] += bytes;
                long dueNanos = (long) (moved[0] * 1e9 / bytesPerSecond);
                long aheadMillis = (dueNanos - (System.nanoTime() - start)) / 1_000_000;
                if (aheadMillis > 0) {
                    try {
                        Thread.sleep(aheadMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }

    private final SegmentLog log;
    private final SegmentIndex index;
    private final double liveRatio;
    private final Pacer pacer;
    private final StepHook hook;

    SegmentCompactor(SegmentLog log, SegmentIndex index, double liveRatio, Pacer pacer, StepHook hook) {
        this.log = log;
        this.index = index;
        this.liveRatio = liveRatio;
        this.pacer = pacer;
        this.hook = hook;
    }

    /** Compacts every sealed segment below the live ratio, oldest first; returns how many. */
    int compactEligible() throws IOException {
        int compacted = 0;
        for (SegmentLog.Segment segment : log.sealed()) {
            long size = segment.channel().size();
            if (size == 0 || index.liveBytes(segment.number()) < liveRatio * size) {
                compact(segment);
                compacted++;
            }
        }
        return compacted;
    }

    private record Moved(String id, long from, long to) {
    }

    void compact(SegmentLog.Segment segment) throws IOException {
        long size = segment.channel().size();
        boolean oldest = log.sealed().get(0).number() == segment.number();
        ByteBuffer bytes = size == 0 ? ByteBuffer.allocate(0) : segment.channel().map(FileChannel.MapMode.READ_ONLY, 0, size);
        Path dir = log.dir();
        String next = SegmentLog.Segment.fileName(segment.number(), segment.generation() + 1);
        Path tmp = dir.resolve(ChunkLayout.MARK + next + ".tmp");
        List<Moved> moved = new ArrayList<>();
        long kept = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long[] written = {0};
            IOException[] failed = {null};
            SegmentScan.scan(bytes, new SegmentScan.Visitor() {
                @Override
                public void record(SegmentRecord record, long offset) {
                    long position = SegmentLog.position(segment.number(), offset);
                    boolean keep = record.kind() == SegmentRecord.Kind.PUT
                            ? isLive(index.get(record.id()), position)
                            : !oldest && !index.liveAfter(record.id(), position);
                    if (!keep || failed[0] != null) {
                        return;
                    }
                    try {
                        ByteBuffer copy = bytes.duplicate().limit((int) offset + record.totalLength()).position((int) offset);
                        DiskIo.writeFully(out, copy, written[0]);
                        if (record.kind() == SegmentRecord.Kind.PUT) {
                            moved.add(new Moved(record.id(), position, written[0]));
                        }
                        written[0] += record.totalLength();
                        pacer.moved(record.totalLength());
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                }

                @Override
                public void corrupt(SegmentRecord record, long offset) {
                    // quarantined at start-up: not copied
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            kept = written[0];
            log.fsync().force(out);
        } catch (IOException | RuntimeException e) {
            DiskIo.deleteQuietly(tmp);
            throw e;
        }
        hook.reached(Step.COPIED, segment);
        if (kept == 0) {
            Files.delete(tmp);
            log.exclusively(() -> {
                log.remove(segment);
                index.forget(segment.number());
            });
            hook.reached(Step.SWITCHED, segment);
            removeOld(segment);
            LOG.infof("segment %d: nothing live, removed (%d bytes)", segment.number(), size);
            return;
        }
        Path target = dir.resolve(next);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        DiskIo.fsyncDirectory(dir);
        hook.reached(Step.RENAMED, segment);
        SegmentLog.Segment compacted = log.openSegment(target);
        long[] live = {0};
        log.exclusively(() -> {
            for (Moved m : moved) {
                SegmentIndex.Entry entry = index.get(m.id());
                if (index.move(m.id(), m.from(), segment.number(), m.to())) {
                    live[0] += entry.totalLength();
                }
            }
            log.replace(segment, compacted);
            index.setLiveBytes(segment.number(), live[0]);
        });
        hook.reached(Step.SWITCHED, segment);
        removeOld(segment);
        LOG.infof("segment %d compacted to generation %d: %d of %d bytes kept", segment.number(), compacted.generation(), kept, size);
    }

    private static boolean isLive(SegmentIndex.Entry entry, long position) {
        return entry != null && entry.position() == position;
    }

    /** Readers that still hold the old channel retry through the index (see {@link SegmentStore}). */
    private void removeOld(SegmentLog.Segment segment) throws IOException {
        segment.channel().close();
        Files.delete(segment.path());
        DiskIo.fsyncDirectory(log.dir());
        hook.reached(Step.DELETED, segment);
    }
}
