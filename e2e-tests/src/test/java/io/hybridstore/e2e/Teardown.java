package io.hybridstore.e2e;

import io.hybridstore.io.Closer;

/**
 * The end-to-end classes' {@code @AfterAll}: what a class opened, closed in the order given. A
 * resource never opened (null: its {@code @BeforeAll} failed or skipped first) is passed over, and a
 * close that fails does not keep the later ones open (the app copies outlive a cluster that would
 * not stop): {@link Closer} throws the first failure once all were tried, the others suppressed.
 * A cluster's close stops its processes and leaves their logs and data for a post-mortem.
 */
public final class Teardown {
    private Teardown() {
    }

    public static void close(AutoCloseable... inOrder) throws Exception {
        Closer closer = new Closer();
        for (int i = inOrder.length - 1; i >= 0; i--) { // a Closer closes the last added first
            if (inOrder[i] != null) {
                closer.add(inOrder[i]);
            }
        }
        closer.close();
    }
}
