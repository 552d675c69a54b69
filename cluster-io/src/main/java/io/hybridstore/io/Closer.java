package io.hybridstore.io;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What an app built at start-up (etcd connection, Kafka clients, ...), closed in reverse order of
 * building. Two failure paths need it: a later constructor throwing must not leak what the earlier
 * ones opened ({@link #closeAfter}), and at shutdown one close throwing must not keep the rest open
 * ({@link #close} closes everything and reports the other failures as suppressed).
 */
public final class Closer implements AutoCloseable {

    private final Deque<AutoCloseable> built = new ArrayDeque<>();
    private int closed;

    /** Registers {@code resource} to be closed before everything registered earlier; returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        built.push(resource);
        return resource;
    }

    /**
     * Closes everything built so far because building failed with {@code failure}, which stays the
     * exception the caller rethrows; failures to close are added to it as suppressed.
     */
    public <T extends Throwable> T closeAfter(T failure) {
        try {
            close();
        } catch (Exception e) {
            failure.addSuppressed(e);
            for (Throwable more : e.getSuppressed()) {
                failure.addSuppressed(more);
            }
        }
        return failure;
    }

    /** Closes every registered resource, newest first; the first failure is thrown with the later ones suppressed. */
    @Override
    public synchronized void close() throws Exception {
        Exception first = null;
        while (!built.isEmpty()) {
            try {
                built.pop().close();
                closed++;
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** How many resources closed without failing (for tests and logs). */
    public synchronized int closedCount() {
        return closed;
    }
}
