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

    /**
     * How one request ended: {@code failure} null for a success; the gateway's Server-Timing if any;
     * {@code kind} what the request was ({@value #READ}, {@value #WRITE}) where a load mixes kinds, else null.
     */
    record Outcome(String failure, String serverTiming, String kind) {
        static final String READ = "read";
        static final String WRITE = "write";
        static final Outcome OK = new Outcome(null, null, null);

        static Outcome ok(String serverTiming) {
            return new Outcome(null, serverTiming, null);
        }

        static Outcome failed(String failure) {
            return new Outcome(failure, null, null);
        }

        /** This outcome as one of a request of {@code kind}. */
        Outcome of(String requestKind) {
            return new Outcome(failure, serverTiming, requestKind);
        }
    }
}
