package io.hybridstore.node.store;

import io.hybridstore.common.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Where things live under the node's data dir:
 *
 * <pre>
 * {dataDir}/chunks/{h0}/{h1}/{id}        a chunk: {@link ChunkHeader} + data
 * {dataDir}/chunks/{h0}/{h1}/~{uuid}.tmp  a write in flight; deleted at start-up
 * {dataDir}/chunks/~probe-{uuid}          the readiness check's write test (also deleted at start-up)
 * {dataDir}/quarantine/{id}~{millis}       a chunk that failed its checksum, kept for inspection
 * {dataDir}/segments/{number}.{gen}.seg    small chunks, appended ({@link SegmentLog}, {@link SegmentRecord})
 * {dataDir}/segments/~{number}.{gen}.seg.tmp  a compaction in flight; deleted at start-up
 * </pre>
 *
 * {@code h0/h1} are the first two bytes of SHA-256(id) in hex: 65,536 leaf directories keep a
 * million chunks at ~15 per directory whatever the ids look like. The listing order is therefore
 * (h0, h1, id) — a stable order a cursor (the last id) can resume, not the ids' alphabetical order.
 * {@code ~} is outside the id alphabet, so a temp or quarantine name can never be taken for a chunk.
 */
public final class ChunkLayout {
    static final char MARK = '~';
    private final Path chunks;
    private final Path quarantine;
    private final Path segments;

    public ChunkLayout(Path dataDir) {
        Path root = dataDir.toAbsolutePath().normalize();
        this.chunks = root.resolve("chunks");
        this.quarantine = root.resolve("quarantine");
        this.segments = root.resolve("segments");
    }

    public Path chunksDir() {
        return chunks;
    }

    public Path quarantineDir() {
        return quarantine;
    }

    /** Small chunks: append-only segment files (see {@link SegmentLog}). */
    public Path segmentsDir() {
        return segments;
    }

    /** The chunk's file; {@code id} must have passed {@link ChunkIds#require}. */
    public Path fileOf(String id) {
        return dirOf(id).resolve(id);
    }

    public Path dirOf(String id) {
        String fan = fanOut(id);
        return chunks.resolve(fan.substring(0, 2)).resolve(fan.substring(2, 4));
    }

    /** Four hex digits: the sort key of the id's directory (first two bytes of SHA-256(id)). */
    static String fanOut(String id) {
        return HexFormat.of().toHexDigits((short) fanOutValue(id));
    }

    /** The same two bytes as a number, 0..65535: ordered as {@link #fanOut}'s hex digits are. */
    static int fanOutValue(String id) {
        byte[] hash = SHA256.get().digest(id.getBytes(StandardCharsets.US_ASCII));
        return (hash[0] & 0xff) << 8 | hash[1] & 0xff;
    }

    /** One digest per thread: the segment index computes a fan-out per chunk, a million of them at a start-up scan. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

    Path newTempIn(Path dir) {
        return dir.resolve(MARK + UUID.randomUUID().toString() + ".tmp");
    }

    /** A short-lived file the readiness check writes and deletes; named apart from writes in flight. */
    Path newProbeIn(Path dir) {
        return dir.resolve(MARK + "probe-" + UUID.randomUUID());
    }

    Path quarantineFileOf(String id, long nowMillis) {
        return quarantine.resolve(id + MARK + nowMillis);
    }

    static boolean isTempName(String fileName) {
        return fileName.indexOf(MARK) >= 0;
    }
}
