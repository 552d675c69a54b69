package io.hybridstore.node.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pages through the chunks in (fan-out directory, id) order. The cursor is just the last id of the
 * previous page: its fan-out directory follows from the id, so a page resumes without server-side
 * state and without an index, even if the cursor chunk was deleted in between.
 */
final class ChunkListing {
    private final ChunkLayout layout;

    ChunkListing(ChunkLayout layout) {
        this.layout = layout;
    }

    List<ChunkInfo> page(String afterId, int limit) throws IOException {
        List<ChunkInfo> page = new ArrayList<>(Math.min(limit, 1024));
        String startFan = afterId == null ? "" : ChunkLayout.fanOut(afterId);
        for (String top : sortedNames(layout.chunksDir(), true)) {
            if (top.compareTo(startFan.isEmpty() ? "" : startFan.substring(0, 2)) < 0) {
                continue;
            }
            for (String second : sortedNames(layout.chunksDir().resolve(top), true)) {
                int order = (top + second).compareTo(startFan);
                if (order < 0) {
                    continue;
                }
                Path dir = layout.chunksDir().resolve(top).resolve(second);
                for (String id : sortedNames(dir, false)) {
                    if (order == 0 && id.compareTo(afterId) <= 0) {
                        continue;
                    }
                    stat(dir.resolve(id), id).ifPresent(page::add);
                    if (page.size() >= limit) {
                        return page;
                    }
                }
            }
        }
        return page;
    }

    /** Reads the header for the checksum; a chunk whose header is bad is listed with an empty checksum (verify will catch it). */
    private static Optional<ChunkInfo> stat(Path file, String id) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Optional<ChunkHeader> header = DiskIo.readHeader(channel);
            long size = header.map(ChunkHeader::length).orElse(Math.max(0, attributes.size() - ChunkHeader.SIZE));
            return Optional.of(new ChunkInfo(id, size, header.map(ChunkHeader::checksumHex).orElse(""),
                    header.flatMap(ChunkHeader::sha256Hex), attributes.lastModifiedTime().toMillis()));
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        }
    }

    /** Sub-directories (fan-out levels) or chunk files, sorted; temp files are never listed. */
    private static List<String> sortedNames(Path dir, boolean directories) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (directories ? Files.isDirectory(entry) : !ChunkLayout.isTempName(name) && Files.isRegularFile(entry)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }
}
