package io.hybridstore.common.auth.sigv4;

/** The x-amz-content-sha256 values that are not a hex hash: how the body is sent and what of it is signed. */
public final class PayloadModes {

    /** The body is not covered by the signature (presigned URLs; clients over TLS). */
    public static final String UNSIGNED = "UNSIGNED-PAYLOAD";
    /** aws-chunked, every chunk signed in a chain seeded by the request's signature. */
    public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    /** As {@link #STREAMING_SIGNED}, then trailers (a checksum) with a signature of their own. */
    public static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    /** aws-chunked without signatures, then a checksum trailer (aws-cli 2.23+ and current SDKs over TLS). */
    public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private PayloadModes() {
    }
}
