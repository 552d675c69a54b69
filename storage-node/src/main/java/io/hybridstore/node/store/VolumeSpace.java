package io.hybridstore.node.store;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.util.function.LongSupplier;

/**
 * The data volume's free space against the node's reserve ({@code NODE_RESERVE}): a write that would
 * leave less is refused with INSUFFICIENT_STORAGE (507) and stores nothing.
 */
final class VolumeSpace {
    /** Usable bytes on the data volume (statfs); a test passes a small fake volume. */
    private final LongSupplier usable;
    private final long reserve;

    VolumeSpace(LongSupplier usable, long reserve) {
        this.usable = usable;
        this.reserve = reserve;
    }

    /** The volume's usable space, one statfs per call. */
    static LongSupplier of(FileStore volume) {
        return () -> {
            try {
                return volume.getUsableSpace();
            } catch (IOException e) {
                throw DiskIo.internal("free space of the data volume", e);
            }
        };
    }

    /** Before a write of {@code incoming} bytes. */
    void require(long incoming) {
        long free = usable.getAsLong();
        if (free - incoming < reserve) {
            throw new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "free space " + free + " bytes minus " + incoming
                    + " incoming is below the reserve of " + reserve + " bytes");
        }
    }

    /**
     * True when {@code incoming} more bytes would leave the volume at or above its reserve: one statfs
     * for a batch's whole body, so that its small chunks need none of their own.
     */
    boolean holds(long incoming) {
        return usable.getAsLong() - incoming >= reserve;
    }

    /** While a body streams (see {@link ChunkWriter}): what it wrote already shows in the free space. */
    void requireWhileWriting(long written, long stillToCome) {
        long free = usable.getAsLong();
        if (free - stillToCome < reserve) {
            throw new StoreException(ErrorCode.INSUFFICIENT_STORAGE, "free space fell to " + free + " bytes with "
                    + written + " bytes of this chunk written" + (stillToCome > 0 ? " and " + stillToCome + " to come" : "")
                    + ", below the reserve of " + reserve + " bytes; nothing stored");
        }
    }

    boolean aboveReserve() {
        return usable.getAsLong() >= reserve;
    }

    /** Free bytes above the reserve (0 when below it). */
    long spare() {
        return Math.max(0, usable.getAsLong() - reserve);
    }

    /** A failed disk write is "out of space" when the volume says so, not when the message says so. */
    StoreException failure(String what, IOException e) {
        if (!aboveReserve()) {
            return new StoreException(ErrorCode.INSUFFICIENT_STORAGE, what + " failed with the volume below its reserve", e);
        }
        return DiskIo.internal(what, e);
    }
}
