package io.hybridstore.chaos;

import io.hybridstore.common.model.Version;
import java.util.Objects;

/**
 * One write a client sent, as far as the client knows it.
 *
 * @param seq              the attempt's number for its key; one client owns a key and writes it serially,
 *                         so seq order is the order the attempts were sent, each after the previous answered
 * @param digest           SHA-256 of the document written (see {@link Documents#digest})
 * @param version          the WAL version of an {@link Outcome#ACKED} attempt, else null
 * @param mayOutliveClient the client gave up waiting (timeout) while the gateway may still have been
 *                         working on it: its WAL append may then land after later attempts' appends
 * @param kind             the answer in short ("200", "202", "503", "timeout", "io-error", "refused", ...)
 */
public record Attempt(int seq, String digest, Outcome outcome, Version version, boolean mayOutliveClient, String kind)
        implements KeyEvent {

    /** The kind of a rejected attempt that never left the client: no connection could be opened. */
    public static final String REFUSED = "refused";

    public Attempt {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.ACKED) != (version != null)) {
            throw new IllegalArgumentException("exactly the acknowledged attempts carry a version: " + outcome + " " + version);
        }
    }

    public static Attempt acked(int seq, String digest, Version version, String kind) {
        return new Attempt(seq, digest, Outcome.ACKED, version, false, kind);
    }

    public static Attempt unknown(int seq, String digest, boolean mayOutliveClient, String kind) {
        return new Attempt(seq, digest, Outcome.UNKNOWN, null, mayOutliveClient, kind);
    }

    public static Attempt rejected(int seq, String digest, String kind) {
        return new Attempt(seq, digest, Outcome.REJECTED, null, false, kind);
    }
}
