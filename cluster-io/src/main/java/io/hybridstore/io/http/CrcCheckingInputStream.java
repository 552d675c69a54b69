package io.hybridstore.io.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/** Computes CRC32C over what is read and hands it to a check at end-of-stream, before reporting the end. */
final class CrcCheckingInputStream extends FilterInputStream {
    private final CRC32C crc = new CRC32C();
    private final LongConsumer checkAtEnd;
    private boolean checked;

    CrcCheckingInputStream(InputStream in, LongConsumer checkAtEnd) {
        super(in);
        this.checkAtEnd = checkAtEnd;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            crc.update(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            end();
        } else {
            crc.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the CRC: read them instead.
        long skipped = 0;
        byte[] buffer = new byte[8192];
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void end() {
        if (!checked) {
            checked = true;
            checkAtEnd.accept(crc.getValue());
        }
    }
}
