package io.hybridstore.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A progress line for an upload or download on stderr, redrawn in place ({@code \r}) at most every
 * 200 ms, only when stderr is a terminal: piped or redirected, nothing is drawn, so logs and scripts
 * see no escape codes. The bytes pass through a counting stream; memory stays one buffer.
 */
final class TransferProgress {
    private static final long REDRAW_MILLIS = 200;

    private final PrintStream err;
    private final boolean draw;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final long startMillis;
    private final RateWindow rate = new RateWindow(Duration.ofSeconds(5), Duration.ofSeconds(2));
    private long done;
    private long lastDraw;

    TransferProgress(PrintStream err, boolean draw, String label, long total, LongSupplier clock) {
        this.err = err;
        this.draw = draw;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.startMillis = clock.getAsLong();
    }

    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    synchronized void advance(long bytes) {
        done += bytes;
        long now = clock.getAsLong();
        rate.add(now, done);
        if (draw && now - lastDraw >= REDRAW_MILLIS) {
            lastDraw = now;
            err.print("\r" + line(done, total, rate.perSecond()) + "\u001b[K");
            err.flush();
        }
    }

    /** Ends the line; the final figures stay on screen. */
    synchronized void finish() {
        if (draw) {
            long millis = Math.max(1, clock.getAsLong() - startMillis);
            err.print("\r" + line(done, total, done * 1000.0 / millis) + "\u001b[K\n");
            err.flush();
        }
    }

    long done() {
        return done;
    }

    /** {@code label [####....]  42%  8.4 MiB of 20.0 MiB  12.1 MiB/s}: pure, for the tests. */
    String line(long doneBytes, long totalBytes, double bytesPerSecond) {
        return label + " " + Bar.render(doneBytes, totalBytes, 30) + "  " + Units.bytes(doneBytes)
                + (totalBytes > 0 ? " of " + Units.bytes(totalBytes) : "") + "  " + Units.bytes((long) bytesPerSecond) + "/s";
    }
}
