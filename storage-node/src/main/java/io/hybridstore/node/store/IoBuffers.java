package io.hybridstore.node.store;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reusable direct buffers of {@link DiskIo#BUFFER} bytes, aligned for O_DIRECT. Allocating a direct
 * buffer zeroes it and registers a cleaner, too slow to do per request; keeping a few bounds the
 * off-heap memory at {@code pooled × 256 KiB} plus those in use.
 */
final class IoBuffers {
    private final ArrayBlockingQueue<ByteBuffer> free;
    /** Taken and not yet given back: zero whenever no request is running, or a path forgot its buffer. */
    private final AtomicInteger borrowed = new AtomicInteger();

    IoBuffers(int pooled) {
        this.free = new ArrayBlockingQueue<>(pooled);
    }

    /** A cleared buffer: capacity {@link DiskIo#BUFFER}, its address a multiple of {@link DirectIo#ALIGN}. Contents are stale. */
    ByteBuffer take() {
        borrowed.incrementAndGet();
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(DiskIo.BUFFER + DirectIo.ALIGN).alignedSlice(DirectIo.ALIGN);
        }
        return buffer.clear().limit(DiskIo.BUFFER);
    }

    /** Returns a buffer taken here; one beyond the pool's size is left to the garbage collector. */
    void give(ByteBuffer buffer) {
        borrowed.decrementAndGet();
        free.offer(buffer);
    }

    int borrowed() {
        return borrowed.get();
    }
}
