package io.hybridstore.common.auth.sigv4;

import io.hybridstore.common.auth.SignedRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Signs test requests the way a client does, to build the failure cases the AWS examples do not
 * cover. It shares {@link Canonical} with the verifier, which the known-answer tests pin; the real
 * SDK's signatures are checked against the verifier in the gateway's tests.
 */
final class TestSigner {

    private final String keyId;
    private final String secret;
    private final String region;

    TestSigner(String keyId, String secret, String region) {
        this.keyId = keyId;
        this.secret = secret;
        this.region = region;
    }

    /** Signs every header given (plus x-amz-date and x-amz-content-sha256) with an Authorization header. */
    SignedRequest sign(String method, String path, String query, Map<String, String> given, String payloadHash, Instant at,
                       Instant received) {
        String timestamp = SignatureParts.AMZ_DATE.format(at.atZone(java.time.ZoneOffset.UTC));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        given.forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("x-amz-date", List.of(timestamp));
        headers.put("x-amz-content-sha256", List.of(payloadHash));
        List<String> signed = new ArrayList<>(new TreeSet<>(headers.keySet()));
        Scope scope = new Scope(keyId, timestamp.substring(0, 8), region, "s3");
        String signature = signature(Canonical.request(method, path, query, headers, signed, payloadHash, k -> false), timestamp, scope);
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope.text() + ", SignedHeaders="
                + String.join(";", signed) + ", Signature=" + signature));
        return new SignedRequest(method, path, query, headers, received);
    }

    String seed(SignedRequest request) {
        String auth = request.header("authorization");
        return auth.substring(auth.indexOf("Signature=") + "Signature=".length());
    }

    byte[] signingKey(Instant at) {
        return SigningKeys.derive(secret, scope(at));
    }

    Scope scope(Instant at) {
        return new Scope(keyId, SignatureParts.AMZ_DATE.format(at.atZone(java.time.ZoneOffset.UTC)).substring(0, 8), region, "s3");
    }

    private String signature(String canonical, String timestamp, Scope scope) {
        String toSign = "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope.text() + "\n" + Hashes.sha256Hex(canonical);
        return Hashes.hex(Hashes.hmac(SigningKeys.derive(secret, scope), toSign));
    }

    /**
     * An aws-chunked body of {@code data} in chunks of {@code chunkSize}; signed when {@code seed} is
     * given, with {@code trailers} (name:value lines, signed in signed mode) after the final chunk.
     */
    static byte[] chunked(byte[] data, int chunkSize, byte[] signingKey, String timestamp, Scope scope, String seed, String trailers) {
        ChunkSignatures chain = seed == null ? null : new ChunkSignatures(signingKey, timestamp, scope, seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int offset = 0;
        while (true) {
            int n = Math.min(chunkSize, data.length - offset);
            byte[] chunk = java.util.Arrays.copyOfRange(data, offset, offset + n);
            String header = Integer.toHexString(n);
            if (chain != null) {
                header += ";chunk-signature=" + chain.signChunk(Hashes.sha256().digest(chunk));
            }
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (n == 0) {
                break;
            }
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            offset += n;
        }
        if (trailers != null) {
            out.writeBytes(trailers.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (chain != null) {
                out.writeBytes(("x-amz-trailer-signature:" + chain.signTrailer(trailers) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
