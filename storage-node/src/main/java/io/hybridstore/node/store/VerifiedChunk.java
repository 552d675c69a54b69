package io.hybridstore.node.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * An open chunk whose data already matched its CRC32C: verifying first is what lets a corrupt chunk
 * be answered with an error instead of a 200 that turns bad half-way. A chunk that fits in one
 * buffer is served from the bytes that were checked. A larger one is read a second time (from the
 * page cache, or with O_DIRECT from the disk, see {@link DirectIo}); that pass checks the CRC again
 * and aborts the response if the bytes changed in between, so the client never receives a complete
 * bad body.
 */
public final class VerifiedChunk implements AutoCloseable {
    private final FileChannel channel;
    private final boolean direct;
    private final IoBuffers buffers;
    /** The checked data, when it was read whole (its buffer goes back to {@code buffers} on close); else null. */
    private volatile ByteBuffer held;
    private final ChunkInfo info;
    private final StoreMetrics metrics;
    private final Runnable released;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    VerifiedChunk(FileChannel channel, boolean direct, IoBuffers buffers, ByteBuffer held, ChunkInfo info, StoreMetrics metrics,
                  Runnable released) {
        this.released = released;
        this.channel = channel;
        this.direct = direct;
        this.buffers = buffers;
        this.held = held;
        this.info = info;
        this.metrics = metrics;
    }

    /** A small chunk from a segment: its checked bytes, held on the heap; nothing to close but them. */
    static VerifiedChunk ofBytes(ChunkInfo info, ByteBuffer data, StoreMetrics metrics) {
        return new VerifiedChunk(null, false, null, data, info, metrics, () -> { });
    }

    public ChunkInfo info() {
        return info;
    }

    public void writeTo(OutputStream out) throws IOException {
        byte[] bytes = new byte[(int) Math.min(DiskIo.PIECE, Math.max(info.size(), 1))];
        ByteBuffer h = held;
        if (closed.get()) {
            throw new IOException("chunk " + info.id() + " was closed before its response was written");
        }
        if (h != null) {
            send(h.duplicate(), bytes, out);
            return;
        }
        ByteBuffer buffer = buffers.take();
        try {
            CRC32C crc = new CRC32C();
            long sent = DiskIo.readData(channel, direct, info.size(), buffer, data -> {
                crc.update(data.duplicate());
                send(data, bytes, out);
            });
            if (sent != info.size()) {
                throw new IOException("chunk " + info.id() + " shrank while being served");
            }
            if (!Long.toHexString(crc.getValue()).equals(info.crc32cHex())) {
                throw new IOException("chunk " + info.id() + " changed while being served: response aborted");
            }
        } finally {
            buffers.give(buffer);
        }
    }

    /** The response body takes byte arrays: copies {@code data} out through {@code bytes}, a piece at a time. */
    private void send(ByteBuffer data, byte[] bytes, OutputStream out) throws IOException {
        while (data.hasRemaining()) {
            int n = Math.min(bytes.length, data.remaining());
            data.get(bytes, 0, n);
            out.write(bytes, 0, n);
            metrics.bytesOut(n);
        }
    }

    /**
     * Gives back the file and the held buffer, once, whoever calls first: the response body when it
     * is done, or the end of the HTTP exchange when the client went away first (possibly while a
     * writer still runs; it then fails on the closed channel or the closed connection, and the bytes
     * it may still copy from the returned buffer go nowhere).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ByteBuffer h = held;
        held = null;
        if (h != null && buffers != null) { // a segment chunk's bytes are plain heap: nothing to give back
            buffers.give(h);
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel
            }
        }
        released.run();
    }
}
