package io.hybridstore.cluster;

/** A local-cluster process could not be started, reached or stopped; the message says which and why. */
public final class LocalClusterException extends RuntimeException {
    public LocalClusterException(String message) {
        super(message);
    }

    public LocalClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
