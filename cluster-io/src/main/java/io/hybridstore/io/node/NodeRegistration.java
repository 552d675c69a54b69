package io.hybridstore.io.node;

/**
 * A storage node's membership, seen from the node: while {@link #isLive()} the node's record is in
 * the directory (under a lease), and {@link #close()} takes it out at once. The node does not see
 * how membership is kept (etcd, leases, gRPC); it supplies its {@link io.hybridstore.common.model.NodeInfo}.
 */
public interface NodeRegistration extends AutoCloseable {

    /** True while the lease is known live: granted or kept alive within the last TTL. Readiness uses it. */
    boolean isLive();

    /** For health output and logs, e.g. {@code "live, lease 694d7a0c1b2e3f40, 1 registration"}. */
    String describe();

    /** Leaves the cluster now (revokes the lease, so the record disappears without waiting for the TTL). */
    @Override
    void close();
}
