package io.hybridstore.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One JVM shutdown hook that closes, newest first, whatever this JVM started and did not close itself. */
final class Reaper {
    private static final Set<AutoCloseable> open = new LinkedHashSet<>();
    private static boolean hooked;

    private Reaper() {
    }

    static synchronized void register(AutoCloseable resource) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(Reaper::closeAll, "local-cluster-reaper"));
            hooked = true;
        }
        open.add(resource);
    }

    static synchronized void unregister(AutoCloseable resource) {
        open.remove(resource);
    }

    private static void closeAll() {
        List<AutoCloseable> newestFirst;
        synchronized (Reaper.class) {
            newestFirst = new ArrayList<>(open).reversed();
        }
        for (AutoCloseable resource : newestFirst) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("local-cluster: could not stop " + resource + " at JVM exit: " + e);
            }
        }
    }
}
