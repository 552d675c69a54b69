package io.hybridstore.chaos;

/** One broken promise, with the key it concerns (or "-" for the run as a whole) and what was seen. */
public record Violation(Kind kind, String key, String detail) {

    public enum Kind {
        /** An acknowledged (or once served) object is gone, unreadable, or marked LOST after convergence. */
        LOST,
        /** A read during the load found nothing although a version had been acknowledged or served before. */
        MISSING,
        /** A read served a version older than one acknowledged or served before it. */
        STALE,
        /** A document no attempt sent, or one attempt's document under another's version, or one version with two documents. */
        CORRUPT,
        /** A document whose write was rejected (never reached the gateway, or 4xx) was served. */
        PHANTOM,
        /**
         * An unknown-outcome attempt that had ended before a later attempt was sent and acknowledged
         * is served at a newer version than that acknowledgment: the log order broke the client order.
         */
        REORDERED,
        /** A later attempt of the same key was acknowledged at an older-or-equal version (the log went backwards). */
        REGRESSION,
        /** A valid write answered 4xx. */
        REFUSED,
        /** After convergence the object is not CLEAN with every replica and shard on its own node. */
        NOT_CLEAN,
        /** The run could not do what it set out to: a fault not injected, a process not restarted, no convergence. */
        RUN
    }

    @Override
    public String toString() {
        return kind + " " + key + ": " + detail;
    }
}
