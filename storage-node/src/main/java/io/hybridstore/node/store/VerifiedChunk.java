package io.hybridstore.node.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * An open chunk whose data already matched its CRC32C. Serving it reads the file a second time
 * (normally from the page cache): verifying first is what lets a corrupt chunk be answered with an
 * error instead of a 200 that turns bad half-way. The second pass checks the CRC again and aborts
 * the response if the bytes changed in between, so the client never receives a complete bad body.
 */
public final class VerifiedChunk implements AutoCloseable {
    private final FileChannel channel;
    private final ChunkInfo info;
    private final StoreMetrics metrics;

    VerifiedChunk(FileChannel channel, ChunkInfo info, StoreMetrics metrics) {
        this.channel = channel;
        this.info = info;
        this.metrics = metrics;
    }

    public ChunkInfo info() {
        return info;
    }

    public void writeTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(DiskIo.BUFFER, Math.max(info.size(), 1))];
        ByteBuffer view = ByteBuffer.wrap(buffer);
        CRC32C crc = new CRC32C();
        long position = ChunkHeader.SIZE;
        long end = ChunkHeader.SIZE + info.size();
        while (position < end) {
            view.clear().limit((int) Math.min(buffer.length, end - position));
            int n = channel.read(view, position);
            if (n < 0) {
                throw new IOException("chunk " + info.id() + " shrank while being served");
            }
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
            metrics.bytesOut(n);
            position += n;
        }
        if (!Long.toHexString(crc.getValue()).equals(info.crc32cHex())) {
            throw new IOException("chunk " + info.id() + " changed while being served: response aborted");
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel
        }
    }
}
