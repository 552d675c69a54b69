package io.hybridstore.bench.small;

/**
 * One request of a closed-loop client, timed by {@link LoadRun}. Each client thread has its own
 * instance (its own connection), so an implementation needs no locking of its own.
 */
@FunctionalInterface
interface Operation extends AutoCloseable {

    /** Performs one request; a thrown exception counts as a failure named by its class. */
    Outcome perform() throws Exception;

    /** Releases what the client holds (its connection); {@link LoadRun} calls it once the client's thread has ended. */
    @Override
    default void close() throws Exception {
    }

    /** {@code body} as an operation whose {@link #close} closes {@code resource}. */
    static Operation closing(AutoCloseable resource, Operation body) {
        return new Operation() {
            @Override
            public Outcome perform() throws Exception {
                return body.perform();
            }

            @Override
            public void close() throws Exception {
                resource.close();
            }
        };
    }

    /** How one request ended: {@code failure} null for a success; the gateway's Server-Timing if any. */
    record Outcome(String failure, String serverTiming) {
        static final Outcome OK = new Outcome(null, null);

        static Outcome ok(String serverTiming) {
            return new Outcome(null, serverTiming);
        }

        static Outcome failed(String kind) {
            return new Outcome(kind, null);
        }
    }
}
