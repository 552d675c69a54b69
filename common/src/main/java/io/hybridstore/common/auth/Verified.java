package io.hybridstore.common.auth;

import java.io.InputStream;
import java.util.function.UnaryOperator;

/**
 * A request whose signature checked out. {@code body} turns the raw request body into the object's
 * bytes while verifying them as it streams (the signed payload hash, the aws-chunked chunk
 * signatures, checksum trailers); it throws an {@link AuthFailure} at the point where they stop
 * matching, so a writer that lets the exception through never commits the object.
 */
public record Verified(Caller caller, UnaryOperator<InputStream> body) {

    public static Verified anonymous() {
        return new Verified(Caller.ANONYMOUS, UnaryOperator.identity());
    }
}
