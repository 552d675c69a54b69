package io.hybridstore.node.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.jboss.logging.Logger;

/**
 * The fan-out directory tree the chunk files live in ({@link ChunkLayout}), as {@link ChunkFiles}
 * needs it on disk: a chunk's directory made durably before its first file, and the walk at start
 * that clears what a crash left behind and counts the chunks.
 */
final class ChunkTree {
    private static final Logger LOG = Logger.getLogger(ChunkFiles.class);

    /** What the walk at start found: chunk files and their data bytes. */
    record Counted(long chunks, long bytes) {
    }

    private final ChunkLayout layout;

    ChunkTree(ChunkLayout layout) {
        this.layout = layout;
    }

    /** New fan-out directories are fsynced into their parents, or a crash could lose a directory of renamed chunks. */
    Path ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.getParent();
        boolean parentIsNew = !Files.isDirectory(parent);
        Files.createDirectories(dir);
        if (parentIsNew) {
            DiskIo.fsyncDirectory(layout.chunksDir());
        }
        DiskIo.fsyncDirectory(parent);
        return dir;
    }

    /** Deletes the temp files a crash left behind (writes never acknowledged) and counts the chunks. */
    Counted recover() throws IOException {
        long[] found = new long[3]; // chunks, bytes, temp files removed
        Files.walkFileTree(layout.chunksDir(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (ChunkLayout.isTempName(file.getFileName().toString())) {
                    // A write that never reached its rename: the PUT was not acknowledged.
                    Files.deleteIfExists(file);
                    found[2]++;
                } else {
                    found[0]++;
                    found[1] += Math.max(0, attributes.size() - ChunkHeader.SIZE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        LOG.infof("chunk store %s: %d chunks, %d bytes; removed %d unfinished writes", layout.chunksDir(), found[0], found[1], found[2]);
        return new Counted(found[0], found[1]);
    }
}
