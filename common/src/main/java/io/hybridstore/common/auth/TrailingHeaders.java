package io.hybridstore.common.auth;

import java.util.Map;

/**
 * Implemented by a {@link Verified#body()} stream that decoded trailers (an aws-chunked body with
 * {@code x-amz-trailer}): once the stream has returned end of body, the trailers it checked, e.g.
 * {@code x-amz-checksum-crc32 → "y/Q5Jg=="}, for the S3 layer to store and return with
 * {@code x-amz-checksum-mode}. Empty before the end, and for bodies without trailers.
 */
public interface TrailingHeaders {

    /** Lower-case trailer name to value, without the trailer signature. */
    Map<String, String> trailers();
}
