package io.hybridstore.chaos;

/** What a client can know about one write attempt from the answer it got. */
public enum Outcome {
    /** 200 or 202: the write is in the log at the version the answer names. */
    ACKED,
    /**
     * 5xx, a timeout or a broken connection: the WAL append may have succeeded, and then the replay
     * applies the write later. Neither "written" nor "not written" may be assumed.
     */
    UNKNOWN,
    /** 4xx, or no connection could be opened (the request never left the client): nothing was written. */
    REJECTED
}
