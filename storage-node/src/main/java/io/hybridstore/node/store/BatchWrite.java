package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several chunks written as one: each small chunk is checked as it arrives and gathered, the gathered
 * ones appended to the segment log in one write (at most {@link #GATHER_MAX} bytes held), and
 * {@link #commit} waits once, for the fsync that covers them all. A large chunk takes its own file path
 * at once. A chunk refused is that chunk's outcome; its neighbours go on.
 *
 * <p>Why gathered: a batch of a small document's chunks made one {@code pwrite} per chunk, each a
 * system call under the append lock; now a batch makes one (docs/benchmarks.md, session 24). A batch
 * whose body the volume did not hold whole above its reserve appends each chunk on its own, as before,
 * so that each chunk's free-space check sees what the ones before it took.
 */
public final class BatchWrite {
    /** Gathered small chunks are appended once they hold this many bytes (and at the commit). */
    static final int GATHER_MAX = 256 << 10;

    private final DiskChunkStore store;
    /** The volume holds the whole body above its reserve (checked once, see {@link DiskChunkStore#batch(long)}). */
    private final boolean spaceChecked;
    private final List<Slot> slots = new ArrayList<>();
    /** Small chunks checked and not yet appended, with the index of their slot. */
    private final List<SegmentStore.Checked> gathered = new ArrayList<>();
    private final List<Integer> gatheredSlots = new ArrayList<>();
    private long gatheredBytes;
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
                append(); // the small ones before it first: a large copy of an id supersedes a small one, not the reverse
                slots.add(new Slot(id, store.put(id, data, length, sha256Hex, crc32cHex), null, false));
                return;
            }
            ChunkIds.require(id);
            ChunkWriter.Expected expected = store.checkUpFront(length, sha256Hex, crc32cHex);
            byte[] bytes = readFully(data, (int) length);
            gathered.add(store.checkSmall(id, bytes, expected, spaceChecked));
            gatheredSlots.add(slots.size());
            gatheredBytes += bytes.length;
            slots.add(null); // filled when appended
            if (!spaceChecked || gatheredBytes >= GATHER_MAX) {
                append();
            }
        } catch (StoreException e) {
            slots.add(new Slot(id, null, e, false));
        }
    }

    /** Waits for the one fsync covering every small chunk appended; then every outcome is final. */
    public List<Outcome> commit() {
        append();
        StoreException unsynced = null;
        if (lastPosition >= 0) {
            try {
                store.awaitDurable(lastPosition);
            } catch (StoreException e) {
                unsynced = e;
            }
        }
        return outcomes(unsynced);
    }

    /**
     * As {@link #commit}, for a caller that must not wait for another thread's fsync (an event loop):
     * appends what is gathered; when no fsync is in flight, runs the one that covers this batch and
     * returns the final outcomes; when one is, returns empty at once, and {@link #commit} (on a thread
     * that may wait) finishes the batch.
     */
    public Optional<List<Outcome>> commitUnlessSyncing() {
        append();
        if (lastPosition < 0) {
            return Optional.of(outcomes(null));
        }
        try {
            return store.syncUnlessSyncing(lastPosition) ? Optional.of(outcomes(null)) : Optional.empty();
        } catch (StoreException e) {
            return Optional.of(outcomes(e));
        }
    }

    private List<Outcome> outcomes(StoreException unsynced) {
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

    /** Appends the gathered chunks in one write; a failure is each one's outcome. */
    private void append() {
        if (gathered.isEmpty()) {
            return;
        }
        try {
            List<SegmentStore.Pending> pending = store.appendChecked(gathered);
            for (int i = 0; i < pending.size(); i++) {
                slots.set(gatheredSlots.get(i), new Slot(gathered.get(i).id(), pending.get(i).info(), null, true));
                lastPosition = Math.max(lastPosition, pending.get(i).position());
            }
        } catch (StoreException e) {
            for (int i = 0; i < gathered.size(); i++) {
                slots.set(gatheredSlots.get(i), new Slot(gathered.get(i).id(), null, e, false));
            }
        } finally {
            gathered.clear();
            gatheredSlots.clear();
            gatheredBytes = 0;
        }
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
