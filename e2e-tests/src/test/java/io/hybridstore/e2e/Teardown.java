package io.hybridstore.e2e;

/**
 * The end-to-end classes' {@code @AfterAll}: what a class opened, closed in the order given. A
 * resource never opened (null: its {@code @BeforeAll} failed or skipped first) is passed over, and a
 * close that fails does not keep the later ones open (the app copies outlive a cluster that would
 * not stop); the first failure is thrown once all were tried, the others added to it as suppressed.
 * A cluster's close stops its processes and leaves their logs and data for a post-mortem.
 */
public final class Teardown {
    private Teardown() {
    }

    public static void close(AutoCloseable... inOrder) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : inOrder) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
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
}
