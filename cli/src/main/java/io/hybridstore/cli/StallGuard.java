package io.hybridstore.cli;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The timeout of a download's body: the JDK client bounds a request only until the answer's
 * headers, so a gateway that stops sending mid-body would hold {@code get} forever. Every
 * {@code window} this looks at the bytes received; when none came since the last look, it closes the
 * stream, and the blocked read fails ("the transfer broke").
 */
final class StallGuard implements AutoCloseable {
    private final Thread watcher;
    private volatile boolean stalled;

    StallGuard(Duration window, LongSupplier received, Closeable stream) {
        this.watcher = Thread.ofVirtual().name("stall-guard").start(() -> {
            long last = -1;
            try {
                while (true) {
                    Thread.sleep(window);
                    long now = received.getAsLong();
                    if (stalledSince(last, now)) {
                        stalled = true;
                        stream.close();
                        return;
                    }
                    last = now;
                }
            } catch (InterruptedException | IOException e) {
                // closed by the download's end, or the stream is gone already
            }
        });
    }

    /** No byte since the last look (the first look only records where it starts). */
    static boolean stalledSince(long lastLook, long now) {
        return lastLook >= 0 && now == lastLook;
    }

    boolean stalled() {
        return stalled;
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
