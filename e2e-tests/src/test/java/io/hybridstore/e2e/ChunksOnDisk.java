package io.hybridstore.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A storage node's chunks as they lie in its data directory, for tests that damage a chunk on disk
 * or look at what a stopped node holds. Two places (see {@code storage-node/README.md}): a chunk of
 * its own file, {@code chunks/{h0}/{h1}/{id}} (64-byte header, then the data), and small chunks as
 * records of {@code segments/{number}.{generation}.seg} files (a 60-byte header, the id, the data;
 * a later record of the same id replaces an earlier one, a delete or quarantine record ends it).
 * The record layout is read here on purpose rather than through the node's classes: a test that
 * parses the bytes itself also checks that the format is what the README says.
 */
public final class ChunksOnDisk {
    private static final int FILE_HEADER = 64;
    private static final int RECORD_FIXED = 60;
    private static final int RECORD_MAGIC = 0x48535352; // "HSSR"
    private static final byte PUT = 1;

    private ChunksOnDisk() {
    }

    /** Where a chunk's data lies: its file and the offset of its first data byte, and its length. */
    public record Location(Path file, long dataOffset, long length) {
    }

    /** The live copy of {@code chunkId} in {@code dataDir}, its own file first, else its last segment record. */
    public static Optional<Location> find(Path dataDir, String chunkId) {
        Path file = chunkFile(dataDir, chunkId);
        if (Files.exists(file)) {
            try {
                return Optional.of(new Location(file, FILE_HEADER, Files.size(file) - FILE_HEADER));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.ofNullable(segmentRecords(dataDir).get(chunkId));
    }

    /** Inverts the bits of the data byte at {@code offset} (negative: from the end) of {@code chunkId}'s live copy. */
    public static void flipDataByte(Path dataDir, String chunkId, long offset) {
        Location at = find(dataDir, chunkId).orElseThrow(() -> new AssertionError("no copy of " + chunkId + " in " + dataDir));
        long position = at.dataOffset() + (offset < 0 ? at.length() + offset : offset);
        try (FileChannel channel = FileChannel.open(at.file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) ~one.get(0));
            channel.write(one.flip(), position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every chunk id the node holds on disk: its own files and the live segment records. */
    public static Set<String> chunkIds(Path dataDir) {
        Set<String> ids = new HashSet<>(segmentRecords(dataDir).keySet());
        Path chunks = dataDir.resolve("chunks");
        if (Files.isDirectory(chunks)) {
            try (Stream<Path> files = Files.walk(chunks)) {
                files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("~")).forEach(ids::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private static Path chunkFile(Path dataDir, String chunkId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(chunkId.getBytes(StandardCharsets.US_ASCII));
            String fan = HexFormat.of().formatHex(hash, 0, 2);
            return dataDir.resolve("chunks").resolve(fan.substring(0, 2)).resolve(fan.substring(2, 4)).resolve(chunkId);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The live records by id, replaying the segments in log order (each number's newest generation). */
    private static Map<String, Location> segmentRecords(Path dataDir) {
        Path dir = dataDir.resolve("segments");
        Map<String, Location> live = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return live;
        }
        TreeMap<Long, Path> newest = new TreeMap<>();
        Map<Long, Long> generations = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".seg")).toList()) {
                String[] parts = p.getFileName().toString().split("\\.");
                long number = Long.parseLong(parts[0]);
                long generation = Long.parseLong(parts[1]);
                if (generation >= generations.getOrDefault(number, -1L)) {
                    generations.put(number, generation);
                    newest.put(number, p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path segment : List.copyOf(newest.values())) {
            replay(segment, live);
        }
        return live;
    }

    private static void replay(Path segment, Map<String, Location> live) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = channel.size();
            long at = 0;
            ByteBuffer fixed = ByteBuffer.allocate(RECORD_FIXED);
            while (at + RECORD_FIXED <= size) {
                fixed.clear();
                channel.read(fixed, at);
                if (fixed.getInt(0) != RECORD_MAGIC) {
                    return; // the end of what was written (or a torn tail the node cuts at start)
                }
                byte kind = fixed.get(5);
                int idLength = Byte.toUnsignedInt(fixed.get(7));
                int length = fixed.getInt(8);
                ByteBuffer id = ByteBuffer.allocate(idLength);
                channel.read(id, at + RECORD_FIXED);
                String chunkId = new String(id.array(), StandardCharsets.US_ASCII);
                long dataOffset = at + RECORD_FIXED + idLength;
                if (kind == PUT) {
                    live.put(chunkId, new Location(segment, dataOffset, length));
                } else {
                    live.remove(chunkId);
                }
                at = dataOffset + length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
