package io.hybridstore.common.auth.sigv4;

/**
 * The signature chain of a signed aws-chunked body: each chunk's signature covers its data and
 * the previous chunk's signature (the first one the request's own, the "seed"), so chunks can be
 * neither altered, dropped nor reordered; the final empty chunk and the trailer close the chain.
 */
public final class ChunkSignatures {

    /** Keyed once: a 1 GiB upload in 64 KiB chunks checks 16,384 signatures. */
    private final javax.crypto.Mac mac;
    private final String prefix;
    private String previous;

    /** @param seed the signature of the request's headers, from its Authorization header */
    public ChunkSignatures(byte[] signingKey, String timestamp, Scope scope, String seed) {
        this.mac = Hashes.hmacWith(signingKey);
        this.prefix = timestamp + "\n" + scope.text() + "\n";
        this.previous = seed;
    }

    /** Checks the next chunk (its data's SHA-256, raw) against the signature it claims, and moves on along the chain. */
    public boolean nextChunk(byte[] dataSha256, String claimed) {
        return Hashes.constantTimeEquals(signChunk(dataSha256), claimed);
    }

    /** Checks the trailer: {@code canonicalTrailers} is each trailing header as {@code name:value\n}. */
    public boolean trailer(String canonicalTrailers, String claimed) {
        return Hashes.constantTimeEquals(signTrailer(canonicalTrailers), claimed);
    }

    /** The next chunk's signature, moving on along the chain (what a client sends; tests and benchmarks encode with it). */
    public String signChunk(byte[] dataSha256) {
        previous = sign("AWS4-HMAC-SHA256-PAYLOAD\n" + prefix + previous + "\n" + Hashes.EMPTY_SHA256 + "\n" + Hashes.hex(dataSha256));
        return previous;
    }

    /** The trailer's signature, closing the chain. */
    public String signTrailer(String canonicalTrailers) {
        previous = sign("AWS4-HMAC-SHA256-TRAILER\n" + prefix + previous + "\n" + Hashes.sha256Hex(canonicalTrailers));
        return previous;
    }

    private String sign(String stringToSign) {
        return Hashes.hex(mac.doFinal(stringToSign.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
