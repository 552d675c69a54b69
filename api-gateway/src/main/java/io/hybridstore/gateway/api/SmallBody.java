package io.hybridstore.gateway.api;

import io.hybridstore.common.error.ErrorCode;
import io.hybridstore.common.error.StoreException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The whole body of a request that takes a small JSON document (labels, a link, an access rule, an
 * access key), never more than {@code max} bytes of it held: one byte past it and the request is a
 * 413, the rest unread. Not the REST layer's {@code byte[]} parameter, which holds any body whole.
 */
final class SmallBody {

    private SmallBody() {
    }

    /** @param what the request's body, for the 413's detail ("a patch", "an access rule") */
    static byte[] read(InputStream body, int max, String what) throws IOException {
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new StoreException(ErrorCode.PAYLOAD_TOO_LARGE, what + " is at most " + max + " bytes");
        }
        return bytes;
    }
}
