package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Several chunks written as one: each small chunk is checked and appended to the segment log as it
 * arrives (so only one chunk is ever in memory), and {@link #commit} waits once, for the fsync that
 * covers them all. A large chunk takes its own file path at once. A chunk refused is that chunk's
 * outcome; its neighbours go on.
 */
public final class BatchWrite {
    private final DiskChunkStore store;
    /** The volume holds the whole body above its reserve (checked once, see {@link DiskChunkStore#batch(long)}). */
    private final boolean spaceChecked;
    private final List<Slot> slots = new ArrayList<>();
    private long lastPosition = -1;

    /** One chunk's outcome: {@code stored} or {@code failure}; a small one is not acknowledged before {@link #commit}. */
    public record Outcome(String chunkId, ChunkInfo stored, StoreException failure) {
    }

    private record Slot(String chunkId, ChunkInfo info, StoreException failure, boolean small) {
    }

    BatchWrite(DiskChunkStore store, boolean spaceChecked) {
        this.store = store;
        this.spaceChecked = spaceChecked;
    }

    /**
     * Stores one chunk of {@code length} bytes read from {@code data}; a refusal (bad id, checksum,
     * size, space) is recorded as its outcome, not thrown. What the caller leaves unread of {@code data}
     * is its to skip.
     */
    public void add(String id, InputStream data, long length, String sha256Hex, String crc32cHex) {
        try {
            if (length > store.limits().smallChunkMax()) {
                slots.add(new Slot(id, store.put(id, data, length, sha256Hex, crc32cHex), null, false));
                return;
            }
            ChunkIds.require(id);
            ChunkWriter.Expected expected = store.checkUpFront(length, sha256Hex, crc32cHex);
            byte[] bytes = readFully(data, (int) length);
            SegmentStore.Pending pending = store.appendSmall(id, bytes, expected, spaceChecked);
            lastPosition = Math.max(lastPosition, pending.position());
            slots.add(new Slot(id, pending.info(), null, true));
        } catch (StoreException e) {
            slots.add(new Slot(id, null, e, false));
        }
    }

    /** Waits for the one fsync covering every small chunk appended; then every outcome is final. */
    public List<Outcome> commit() {
        StoreException unsynced = null;
        if (lastPosition >= 0) {
            try {
                store.awaitDurable(lastPosition);
            } catch (StoreException e) {
                unsynced = e;
            }
        }
        List<Outcome> outcomes = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            if (slot.small() && unsynced != null) {
                outcomes.add(new Outcome(slot.chunkId(), null, unsynced));
            } else if (slot.small()) {
                store.dropFileCopy(slot.chunkId());
                outcomes.add(new Outcome(slot.chunkId(), slot.info(), null));
            } else {
                outcomes.add(new Outcome(slot.chunkId(), slot.info(), slot.failure()));
            }
        }
        return outcomes;
    }

    private static byte[] readFully(InputStream data, int length) {
        try {
            byte[] bytes = data.readNBytes(length);
            if (bytes.length != length) {
                throw StoreException.badRequest("chunk has " + bytes.length + " bytes, its frame said " + length);
            }
            return bytes;
        } catch (IOException e) {
            throw new StoreException(ErrorCode.BAD_REQUEST, "request body ended early: " + e.getMessage(), e);
        }
    }
}
