package io.hybridstore.gateway.read;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.model.ChunkLocation;

/** The answer of one chunk read: bytes, or the classified reason there are none. */
record Fetch(ChunkLocation location, byte[] data, ErrorCode error) {

    /** Not an answer: what the timer puts into a read's queue at its deadline to wake the waiting thread ({@link PartLoop}). */
    static final Fetch WAKE = new Fetch(null, null, null);

    boolean ok() {
        return data != null;
    }

    /** The node answered that the chunk is gone or bad: the copy is damaged, not merely unreachable. */
    boolean damaged() {
        return error == ErrorCode.NOT_FOUND || error == ErrorCode.CORRUPT;
    }
}
